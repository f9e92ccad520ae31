// ChangeFeed infrastructure for `azd up`: a resource group holding the Cosmos DB account whose change
// feed is relayed, the Service Bus topics the events go to, the relay function app (Flex Consumption)
// and what it needs (storage, monitoring, a managed identity, role assignments), and Blob Storage for
// the claim check of events too large for a message. No keys anywhere:
// Cosmos DB, Service Bus, storage and Application Insights all have local auth disabled.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; names the resource group (rg-<env>) and seeds the resource names.')
param environmentName string

// Regions where both Flex Consumption and serverless Cosmos DB are offered, so that a bad pick fails before anything
// is created. Source: the region list of Microsoft's Flex Consumption azd quickstarts (Azure-Samples
// functions-quickstart-dotnet-azd and functions-quickstart-dotnet-azd-cosmosdb, infra/main.bicep, February 2026; the
// latter deploys serverless Cosmos DB in each), less the canary region eastus2euap. Serverless Cosmos DB has no regional
// exclusion in the public cloud. Check or extend it with `az functionapp list-flexconsumption-locations`
// (see docs/deploy.md, "Regions").
@minLength(1)
@description('Region of every resource (azd asks for it: AZURE_LOCATION).')
@allowed([
  'australiaeast'
  'australiasoutheast'
  'brazilsouth'
  'canadacentral'
  'centralindia'
  'centralus'
  'eastasia'
  'eastus'
  'eastus2'
  'francecentral'
  'germanywestcentral'
  'italynorth'
  'japaneast'
  'koreacentral'
  'northcentralus'
  'northeurope'
  'norwayeast'
  'southafricanorth'
  'southcentralus'
  'southeastasia'
  'southindia'
  'spaincentral'
  'swedencentral'
  'uaenorth'
  'uksouth'
  'ukwest'
  'westcentralus'
  'westeurope'
  'westus'
  'westus2'
  'westus3'
])
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the developer running azd up; gets the data-plane roles for local runs. Empty: none.')
param principalId string = ''

// azd (1.17.1 and later) substitutes the signed-in principal's type for ${AZURE_PRINCIPAL_TYPE} in
// main.parameters.json; .github/workflows/azure-dev.yml also sets it to ServicePrincipal for older azd versions, whose
// pipeline runs would otherwise grant the developer roles to a "User" that is a service principal, and fail.
@description('Kind of principal in principalId: User for a developer, ServicePrincipal for a pipeline.')
@allowed(['User', 'Group', 'ServicePrincipal'])
param principalType string = 'User'

@description('Partition key path of the orders (data) container.')
param ordersPartitionKeyPath string = '/customerId'

@description('0 = serverless Cosmos DB. Above 0 = provisioned, shared database throughput in RU/s (min 400).')
@minValue(0)
param cosmosProvisionedThroughput int = 0

@description('Continuous backup on the Cosmos DB account (needed for the all-versions-and-deletes change feed mode).')
param cosmosContinuousBackup bool = false

@description('Seconds a parked change is kept before it expires (default 14 days).')
@minValue(1)
param parkedTimeToLiveSeconds int = 1209600

@description('Service Bus tier: Standard (topics, small base charge) or Premium (dedicated, private endpoints).')
@allowed(['Standard', 'Premium'])
param serviceBusSku string = 'Standard'

@description('Premium Service Bus only: partitions of the namespace, set at creation only (1 = not partitioned; 2 or 4 spread every topic over as many brokers, with at least as many messaging units). The relay then puts one session in a batch (SERVICEBUS_PARTITIONED_TOPICS = *).')
@allowed([1, 2, 4])
param serviceBusPremiumMessagingPartitions int = 1

@description('Standard Service Bus only: create the topics partitioned (16 partitions each, set at creation only). The relay then puts one session in a batch on them (SERVICEBUS_PARTITIONED_TOPICS). Ignored on Premium (see serviceBusPremiumMessagingPartitions).')
param serviceBusEnablePartitioning bool = false

@description('Service Bus duplicate detection window on every topic (ISO 8601).')
param duplicateDetectionWindow string = 'P1D'

@description('Premium Service Bus only: the largest message a topic takes, in KB (1024 default; up to 102400 = 100 MB with large message support). Events larger than this travel by claim check. Ignored on Standard (256 KB).')
@minValue(1024)
@maxValue(102400)
param serviceBusMaxMessageSizeInKilobytes int = 1024

// Longer than the topics' message time to live (14 days, modules/servicebus.bicep): a claim check is never delivered
// after its data is gone, and an expired message's blob outlives its stay in the dead-letter queue by two weeks.
@description('Days the data of a claim-checked event is kept in Blob Storage after it was written (lifecycle rule). At least 15: longer than the 14-day message time to live of the topics.')
@minValue(15)
param largeEventRetentionDays int = 30

@description('CloudEvent types the sample subscription of orders-cdc receives (message Subject).')
@minLength(1)
param cdcEventTypes string[] = [
  'com.contoso.orders.order.upserted'
  'com.contoso.orders.order.deleted'
]

// The sample's integration events (src/ChangeFeed.Orders/OrderEvents.cs): outbox records carry these types; event
// store documents carry `OrderPlaced` / `OrderShipped`, which the eventstore route prefixes (orderEventTypePrefix).
@description('CloudEvent types the sample subscription of orders-events (outbox) receives.')
@minLength(1)
param outboxEventTypes string[] = [
  'com.contoso.orders.OrderPlaced'
  'com.contoso.orders.OrderShipped'
]

@description('CloudEvent types the sample subscription of orders-stream (event store) receives.')
@minLength(1)
param eventStoreEventTypes string[] = [
  'com.contoso.orders.OrderPlaced'
  'com.contoso.orders.OrderShipped'
]

@description('Largest number of relay instances.')
param functionMaximumInstanceCount int = 100

@description('Memory of one relay instance in MB.')
@allowed([512, 2048, 4096])
param functionInstanceMemoryMB int = 2048

@description('Private networking: a VNet, private endpoints and DNS zones; public access to the data services off.')
param vnetEnabled bool = false

@description('E-mail address the alerts (parked changes, dead-lettered messages) notify; empty: they show in the portal only.')
param alertEmail string = ''

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }

var databaseName = 'changefeed'
var containerNames = {
  orders: 'orders'
  outbox: 'outbox'
  events: 'events'
  leases: 'leases'
  parked: 'parked'
  projections: 'projections'
}
var topicNames = {
  cdc: 'orders-cdc'
  outbox: 'orders-events'
  eventStore: 'orders-stream'
}
var sampleSubscriptionName = 'sample-subscriber'
var orderEventTypePrefix = 'com.contoso.orders.'
var deploymentContainerName = 'app-package-relay'
var largeEventsContainerName = 'large-events'

// Names are fixed at the start of the deployment, so role assignments and What-If can use them.
var names = {
  relayIdentity: '${abbrs.managedIdentityUserAssignedIdentities}relay-${resourceToken}'
  subscriberIdentity: '${abbrs.managedIdentityUserAssignedIdentities}subscriber-${resourceToken}'
  logAnalytics: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
  applicationInsights: '${abbrs.insightsComponents}${resourceToken}'
  storage: '${abbrs.storageStorageAccounts}${resourceToken}'
  largeEventsStorage: '${abbrs.storageStorageAccounts}large${resourceToken}'
  cosmos: '${abbrs.documentDBDatabaseAccounts}${resourceToken}'
  serviceBus: '${abbrs.serviceBusNamespaces}${resourceToken}'
  vnet: '${abbrs.networkVirtualNetworks}${resourceToken}'
  functionApp: '${abbrs.webSitesFunctions}relay-${resourceToken}'
  plan: '${abbrs.webServerFarms}relay-${resourceToken}'
}

// Azure built-in role definition ids.
var roles = {
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageBlobDataReader: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

// Cosmos DB data-plane roles. The custom ones are created in the account (names: GUIDs stable for the account); the
// built-in Data Contributor is only the developer's, for local runs.
var cosmosRoles = {
  changeReader: {
    name: guid(subscription().id, names.cosmos, 'changefeed-change-reader')
    roleName: 'ChangeFeed change reader'
    // The relay reads the change feed of a watched container: no item reads, no queries, no writes.
    dataActions: [
      'Microsoft.DocumentDB/databaseAccounts/readMetadata'
      'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/readChangeFeed'
    ]
  }
  itemWriter: {
    name: guid(subscription().id, names.cosmos, 'changefeed-item-writer')
    roleName: 'ChangeFeed item writer'
    // Leases (the trigger's lease store reads, queries and writes them), parked changes (parked, listed, replayed,
    // deleted) and the subscriber's inbox: every item operation and queries, in the containers granted only.
    dataActions: [
      'Microsoft.DocumentDB/databaseAccounts/readMetadata'
      'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/items/*'
      'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/executeQuery'
    ]
  }
  builtInDataContributor: '00000000-0000-0000-0000-000000000002'
}

// Private endpoints for blob only on storage: the host and the deployment package use nothing else (see relayStorageRoles).
var privateDnsZones = {
  cosmos: 'privatelink.documents.azure.com'
  serviceBus: 'privatelink.servicebus.windows.net'
  blob: 'privatelink.blob.${environment().suffixes.storage}'
}
// The relay stamps parked changes with the same time to live as the container's default (d.hh:mm:ss).
var parkedTimeToLive = '${parkedTimeToLiveSeconds / 86400}.${padLeft(string(parkedTimeToLiveSeconds % 86400 / 3600), 2, '0')}:${padLeft(string(parkedTimeToLiveSeconds % 3600 / 60), 2, '0')}:${padLeft(string(parkedTimeToLiveSeconds % 60), 2, '0')}'

// Standard Service Bus has no private endpoints; with vnetEnabled it stays on its public endpoint.
var serviceBusPrivate = vnetEnabled && serviceBusSku == 'Premium'

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module relayIdentity 'modules/identity.bicep' = {
  name: 'relay-identity'
  scope: rg
  params: {
    name: names.relayIdentity
    location: location
    tags: tags
  }
}

module subscriberIdentity 'modules/identity.bicep' = {
  name: 'subscriber-identity'
  scope: rg
  params: {
    name: names.subscriberIdentity
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    tags: tags
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  scope: rg
  dependsOn: [monitoring, serviceBus]
  params: {
    location: location
    tags: tags
    namePrefix: 'changefeed-${resourceToken}'
    applicationInsightsName: names.applicationInsights
    serviceBusName: names.serviceBus
    alertEmail: alertEmail
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: names.storage
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    vnetEnabled: vnetEnabled
  }
}

// The claim check's Blob Storage (why a dedicated account: see the module).
module largeEventsStorage 'modules/large-events-storage.bicep' = {
  name: 'large-events-storage'
  scope: rg
  params: {
    name: names.largeEventsStorage
    location: location
    tags: tags
    containerName: largeEventsContainerName
    retentionDays: largeEventRetentionDays
    vnetEnabled: vnetEnabled
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  scope: rg
  params: {
    name: names.cosmos
    location: location
    tags: tags
    databaseName: databaseName
    provisionedThroughput: cosmosProvisionedThroughput
    continuousBackup: cosmosContinuousBackup
    vnetEnabled: vnetEnabled
    containers: [
      // TTL on without a default: a soft-deleted order can set its own `ttl` and then disappear.
      { name: containerNames.orders, partitionKeyPath: ordersPartitionKeyPath, defaultTtl: -1 }
      // Outbox records expire by their own `ttl` once relayed.
      { name: containerNames.outbox, partitionKeyPath: '/partitionKey', defaultTtl: -1 }
      { name: containerNames.events, partitionKeyPath: '/streamId' }
      { name: containerNames.leases, partitionKeyPath: '/id' }
      { name: containerNames.parked, partitionKeyPath: '/sourceContainer', defaultTtl: parkedTimeToLiveSeconds }
      // The sample subscriber's inbox markers (expire by their own `ttl`) and its order summaries.
      { name: containerNames.projections, partitionKeyPath: '/partitionKey', defaultTtl: -1 }
    ]
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'servicebus'
  scope: rg
  params: {
    name: names.serviceBus
    location: location
    tags: tags
    sku: serviceBusSku
    duplicateDetectionWindow: duplicateDetectionWindow
    premiumMaxMessageSizeInKilobytes: serviceBusMaxMessageSizeInKilobytes
    premiumMessagingPartitions: serviceBusPremiumMessagingPartitions
    enablePartitioning: serviceBusEnablePartitioning
    subscriptionName: sampleSubscriptionName
    vnetEnabled: vnetEnabled
    topics: [
      { name: topicNames.cdc, eventTypes: cdcEventTypes }
      { name: topicNames.outbox, eventTypes: outboxEventTypes }
      { name: topicNames.eventStore, eventTypes: eventStoreEventTypes }
    ]
  }
}

module network 'modules/network.bicep' = if (vnetEnabled) {
  name: 'network'
  scope: rg
  params: {
    name: names.vnet
    location: location
    tags: tags
    privateDnsZoneNames: serviceBusPrivate
      ? [privateDnsZones.cosmos, privateDnsZones.blob, privateDnsZones.serviceBus]
      : [privateDnsZones.cosmos, privateDnsZones.blob]
  }
}

var privateEndpoints = concat(
  [
    { name: 'cosmos', service: 'cosmos', groupId: 'Sql', zone: 0 }
    { name: 'blob', service: 'storage', groupId: 'blob', zone: 1 }
    { name: 'large-events-blob', service: 'largeEventsStorage', groupId: 'blob', zone: 1 }
  ],
  serviceBusPrivate ? [{ name: 'servicebus', service: 'serviceBus', groupId: 'namespace', zone: 2 }] : []
)
var serviceIds = {
  cosmos: cosmos.outputs.id
  storage: storage.outputs.id
  largeEventsStorage: largeEventsStorage.outputs.id
  serviceBus: serviceBus.outputs.id
}

module endpoints 'modules/private-endpoint.bicep' = [
  for endpoint in privateEndpoints: if (vnetEnabled) {
    name: 'pep-${endpoint.name}'
    scope: rg
    params: {
      name: '${abbrs.networkPrivateEndpoints}${endpoint.name}-${resourceToken}'
      location: location
      tags: tags
      subnetId: network!.outputs.privateEndpointSubnetId
      serviceId: serviceIds[endpoint.service]
      groupId: endpoint.groupId
      privateDnsZoneId: network!.outputs.privateDnsZoneIds[endpoint.zone]
    }
  }
]

// The relay's settings. Names are read by src/ChangeFeed.Functions: do not rename.
// Connections are identity-based (<connection>__credential/__clientId); there is no secret among them.
var route = {
  orders: {
    ChangeFeed__Routes__orders__Mode: 'cdc'
    ChangeFeed__Routes__orders__Database: databaseName
    ChangeFeed__Routes__orders__Container: containerNames.orders
    ChangeFeed__Routes__orders__Topic: topicNames.cdc
    ChangeFeed__Routes__orders__PartitionKeyPath: ordersPartitionKeyPath
    ChangeFeed__Routes__orders__EventType: 'com.contoso.orders.order'
    ChangeFeed__Routes__orders__SoftDeleteProperty: 'isDeleted'
  }
  outbox: {
    ChangeFeed__Routes__outbox__Mode: 'outbox'
    ChangeFeed__Routes__outbox__Database: databaseName
    ChangeFeed__Routes__outbox__Container: containerNames.outbox
    ChangeFeed__Routes__outbox__Topic: topicNames.outbox
    ChangeFeed__Routes__outbox__PartitionKeyPath: '/partitionKey'
    ChangeFeed__Routes__outbox__EventTypes: join(outboxEventTypes, ',')
  }
  eventstore: {
    ChangeFeed__Routes__eventstore__Mode: 'eventstore'
    ChangeFeed__Routes__eventstore__Database: databaseName
    ChangeFeed__Routes__eventstore__Container: containerNames.events
    ChangeFeed__Routes__eventstore__Topic: topicNames.eventStore
    ChangeFeed__Routes__eventstore__PartitionKeyPath: '/streamId'
    ChangeFeed__Routes__eventstore__TypeProperty: 'type'
    ChangeFeed__Routes__eventstore__TypePrefix: orderEventTypePrefix
    ChangeFeed__Routes__eventstore__EventTypes: join(eventStoreEventTypes, ',')
  }
}

module relay 'modules/function-app.bicep' = {
  name: 'relay'
  scope: rg
  // After its storage role: the platform reads and writes the deployment package as the relay identity, and a first
  // `azd deploy` right after provisioning otherwise meets 403 on the upload until the assignment exists.
  dependsOn: [relayStorageRoles]
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: tags
    serviceName: 'relay'
    identityId: relayIdentity.outputs.id
    identityClientId: relayIdentity.outputs.clientId
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    maximumInstanceCount: functionMaximumInstanceCount
    instanceMemoryMB: functionInstanceMemoryMB
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    virtualNetworkSubnetId: vnetEnabled ? network!.outputs.appSubnetId : ''
    appSettings: union(
      {
        // Host storage is blob only (see relayStorageRoles): no queue or table endpoint.
        AzureWebJobsStorage__credential: 'managedidentity'
        AzureWebJobsStorage__clientId: relayIdentity.outputs.clientId
        AzureWebJobsStorage__blobServiceUri: storage.outputs.blobEndpoint
        COSMOS__accountEndpoint: cosmos.outputs.endpoint
        COSMOS__credential: 'managedidentity'
        COSMOS__clientId: relayIdentity.outputs.clientId
        SERVICEBUS__fullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
        SERVICEBUS__credential: 'managedidentity'
        SERVICEBUS__clientId: relayIdentity.outputs.clientId
        // Partitioned topics take a batch of one session only; the relay cannot read entity properties.
        SERVICEBUS_PARTITIONED_TOPICS: serviceBus.outputs.partitionedTopics
        CLAIMCHECK__serviceUri: largeEventsStorage.outputs.blobEndpoint
        CLAIMCHECK__credential: 'managedidentity'
        CLAIMCHECK__clientId: relayIdentity.outputs.clientId
        CLAIMCHECK_CONTAINER: largeEventsStorage.outputs.containerName
        COSMOS_DATABASE: databaseName
        COSMOS_LEASES_CONTAINER: containerNames.leases
        COSMOS_PARKED_CONTAINER: containerNames.parked
        COSMOS_PARKED_TTL: parkedTimeToLive
        ORDERS_CONTAINER: containerNames.orders
        OUTBOX_CONTAINER: containerNames.outbox
        EVENTS_CONTAINER: containerNames.events
        ChangeFeed__Account: cosmos.outputs.name
      },
      route.orders,
      route.outbox,
      route.eventstore
    )
  }
}

// ---- Role assignments: least privilege, each on the narrowest scope that works ----

// Relay: host storage on its own storage account, blobs only. What the Flex Consumption host uses there: blobs for its
// locks and key store (created as it needs them, hence the account scope) and the deployment package container.
// Storage Blob Data Owner is the documented minimum for host storage ("Connecting to host storage with an identity")
// and all the Cosmos DB Flex quickstart grants. No queue role: only blob triggers and Durable Functions use host queues,
// and the relay has neither (its trigger keeps its leases in Cosmos DB). No table role: tables would only persist the
// host's diagnostic events, which also reach Application Insights.
module relayStorageRoles 'modules/access/storage-roles.bicep' = {
  name: 'relay-storage-roles'
  scope: rg
  dependsOn: [storage] // names it: would otherwise deploy in parallel with it and fail on a first deployment
  params: {
    storageAccountName: names.storage
    principalId: relayIdentity.outputs.principalId
    principalKey: names.relayIdentity
    principalType: 'ServicePrincipal'
    roleIds: [roles.storageBlobDataOwner]
  }
}

// The custom Cosmos DB data-plane roles, before any assignment that grants them.
module cosmosRoleDefinitions 'modules/access/cosmos-role-definitions.bicep' = {
  name: 'cosmos-role-definitions'
  scope: rg
  dependsOn: [cosmos] // names it: would otherwise deploy in parallel with it and fail on a first deployment
  params: {
    accountName: names.cosmos
    databaseName: databaseName
    definitions: [cosmosRoles.changeReader, cosmosRoles.itemWriter]
  }
}

// Relay: read the change feed of the watched containers (never their items), write its leases and parked changes.
module relayCosmosRole 'modules/access/cosmos-data-role.bicep' = {
  name: 'relay-cosmos-role'
  scope: rg
  // After the account and the role definitions; data-plane RBAC changes go one at a time (see cosmos-data-role.bicep).
  dependsOn: [cosmos, cosmosRoleDefinitions]
  params: {
    accountName: names.cosmos
    principalId: relayIdentity.outputs.principalId
    principalKey: names.relayIdentity
    grants: [
      { roleDefinitionName: cosmosRoles.changeReader.name, database: databaseName, container: containerNames.orders }
      { roleDefinitionName: cosmosRoles.changeReader.name, database: databaseName, container: containerNames.outbox }
      { roleDefinitionName: cosmosRoles.changeReader.name, database: databaseName, container: containerNames.events }
      { roleDefinitionName: cosmosRoles.itemWriter.name, database: databaseName, container: containerNames.leases }
      { roleDefinitionName: cosmosRoles.itemWriter.name, database: databaseName, container: containerNames.parked }
    ]
  }
}

// Relay: send to each topic, nothing else on the namespace.
module relaySenderRoles 'modules/access/servicebus-topic-role.bicep' = {
  name: 'relay-sender-roles'
  scope: rg
  dependsOn: [serviceBus] // names it: would otherwise deploy in parallel with it and fail on a first deployment
  params: {
    namespaceName: names.serviceBus
    topicNames: [topicNames.cdc, topicNames.outbox, topicNames.eventStore]
    principalId: relayIdentity.outputs.principalId
    principalKey: names.relayIdentity
    principalType: 'ServicePrincipal'
    roleId: roles.serviceBusDataSender
  }
}

// Relay: send telemetry to Application Insights (local auth is off).
module relayMonitoringRole 'modules/access/monitoring-role.bicep' = {
  name: 'relay-monitoring-role'
  scope: rg
  dependsOn: [monitoring] // names it: would otherwise deploy in parallel with it and fail on a first deployment
  params: {
    applicationInsightsName: names.applicationInsights
    principalId: relayIdentity.outputs.principalId
    principalKey: names.relayIdentity
    principalType: 'ServicePrincipal'
    roleId: roles.monitoringMetricsPublisher
  }
}

// Relay: write the data of large events (claim check) to their container, nothing else on that account.
module relayLargeEventsRole 'modules/access/blob-container-role.bicep' = {
  name: 'relay-large-events-role'
  scope: rg
  dependsOn: [largeEventsStorage] // names it: would otherwise deploy in parallel with it and fail on a first deployment
  params: {
    storageAccountName: names.largeEventsStorage
    containerName: largeEventsContainerName
    principalId: relayIdentity.outputs.principalId
    principalKey: names.relayIdentity
    principalType: 'ServicePrincipal'
    roleId: roles.storageBlobDataContributor
  }
}

// Sample subscriber: read the data of large events (the `dataref` of a claim-checked event).
module subscriberLargeEventsRole 'modules/access/blob-container-role.bicep' = {
  name: 'subscriber-large-events-role'
  scope: rg
  dependsOn: [largeEventsStorage] // names it: would otherwise deploy in parallel with it and fail on a first deployment
  params: {
    storageAccountName: names.largeEventsStorage
    containerName: largeEventsContainerName
    principalId: subscriberIdentity.outputs.principalId
    principalKey: names.subscriberIdentity
    principalType: 'ServicePrincipal'
    roleId: roles.storageBlobDataReader
  }
}

// Sample subscriber: receive from its subscription on each topic.
module subscriberReceiverRoles 'modules/access/servicebus-subscription-role.bicep' = {
  name: 'subscriber-receiver-roles'
  scope: rg
  dependsOn: [serviceBus] // names it: would otherwise deploy in parallel with it and fail on a first deployment
  params: {
    namespaceName: names.serviceBus
    topicNames: [topicNames.cdc, topicNames.outbox, topicNames.eventStore]
    subscriptionName: sampleSubscriptionName
    principalId: subscriberIdentity.outputs.principalId
    principalKey: names.subscriberIdentity
    principalType: 'ServicePrincipal'
    roleId: roles.serviceBusDataReceiver
  }
}

// Sample subscriber: write its inbox and read model, the projections container only.
module subscriberCosmosRole 'modules/access/cosmos-data-role.bicep' = {
  name: 'subscriber-cosmos-role'
  scope: rg
  // After the account, and after the other data-plane assignments: Cosmos DB takes an exclusive lock on the
  // account per assignment and refuses a concurrent one (412 PreconditionFailed).
  dependsOn: [cosmos, relayCosmosRole]
  params: {
    accountName: names.cosmos
    principalId: subscriberIdentity.outputs.principalId
    principalKey: names.subscriberIdentity
    grants: [
      { roleDefinitionName: cosmosRoles.itemWriter.name, database: databaseName, container: containerNames.projections }
    ]
  }
}

// Developer (azd up's principal): run the relay, the subscriber and the parked command locally against Azure, and
// write sample documents to the watched containers: all of that is the whole database, so the built-in Data
// Contributor there (only when principalId is set; a pipeline's principal gets it too).
// No roles on the Function App's storage: local runs use Azurite (AzureWebJobsStorage=UseDevelopmentStorage=true).
module developerCosmosRole 'modules/access/cosmos-data-role.bicep' = if (!empty(principalId)) {
  name: 'developer-cosmos-role'
  scope: rg
  dependsOn: [cosmos, subscriberCosmosRole] // one data-plane assignment at a time, as above
  params: {
    accountName: names.cosmos
    principalId: principalId
    grants: [
      { roleDefinitionName: cosmosRoles.builtInDataContributor, database: databaseName }
    ]
  }
}

module developerSenderRoles 'modules/access/servicebus-topic-role.bicep' = if (!empty(principalId)) {
  name: 'developer-sender-roles'
  scope: rg
  dependsOn: [serviceBus] // names it: would otherwise deploy in parallel with it and fail on a first deployment
  params: {
    namespaceName: names.serviceBus
    topicNames: [topicNames.cdc, topicNames.outbox, topicNames.eventStore]
    principalId: principalId
    principalType: principalType
    roleId: roles.serviceBusDataSender
  }
}

module developerReceiverRoles 'modules/access/servicebus-subscription-role.bicep' = if (!empty(principalId)) {
  name: 'developer-receiver-roles'
  scope: rg
  dependsOn: [serviceBus] // names it: would otherwise deploy in parallel with it and fail on a first deployment
  params: {
    namespaceName: names.serviceBus
    topicNames: [topicNames.cdc, topicNames.outbox, topicNames.eventStore]
    subscriptionName: sampleSubscriptionName
    principalId: principalId
    principalType: principalType
    roleId: roles.serviceBusDataReceiver
  }
}

// Developer: a relay run locally against Azure writes large events where subscribers read them.
module developerLargeEventsRole 'modules/access/blob-container-role.bicep' = if (!empty(principalId)) {
  name: 'developer-large-events-role'
  scope: rg
  dependsOn: [largeEventsStorage] // names it: would otherwise deploy in parallel with it and fail on a first deployment
  params: {
    storageAccountName: names.largeEventsStorage
    containerName: largeEventsContainerName
    principalId: principalId
    principalType: principalType
    roleId: roles.storageBlobDataContributor
  }
}

// ---- Outputs: azd stores them in the environment (.azure/<env>/.env); nothing here is a secret ----
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_COSMOS_ENDPOINT string = cosmos.outputs.endpoint
output AZURE_COSMOS_ACCOUNT_NAME string = cosmos.outputs.name
output AZURE_COSMOS_DATABASE string = databaseName
output AZURE_COSMOS_ORDERS_CONTAINER string = containerNames.orders
output AZURE_COSMOS_ORDERS_PARTITION_KEY_PATH string = ordersPartitionKeyPath
output AZURE_COSMOS_OUTBOX_CONTAINER string = containerNames.outbox
output AZURE_COSMOS_EVENTS_CONTAINER string = containerNames.events
output AZURE_COSMOS_LEASES_CONTAINER string = containerNames.leases
output AZURE_COSMOS_PARKED_CONTAINER string = containerNames.parked
output AZURE_COSMOS_PARKED_TTL string = parkedTimeToLive
output AZURE_COSMOS_PROJECTIONS_CONTAINER string = containerNames.projections
output AZURE_SERVICEBUS_NAMESPACE string = serviceBus.outputs.name
output AZURE_SERVICEBUS_FULLY_QUALIFIED_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace
output AZURE_SERVICEBUS_TOPIC_CDC string = topicNames.cdc
output AZURE_SERVICEBUS_TOPIC_OUTBOX string = topicNames.outbox
output AZURE_SERVICEBUS_TOPIC_EVENTSTORE string = topicNames.eventStore
output AZURE_SERVICEBUS_SAMPLE_SUBSCRIPTION string = sampleSubscriptionName
// The relay's SERVICEBUS_PARTITIONED_TOPICS (* , the partitioned topics' names, or empty), for local runs against Azure.
output AZURE_SERVICEBUS_PARTITIONED_TOPICS string = serviceBus.outputs.partitionedTopics
output AZURE_FUNCTION_APP_NAME string = relay.outputs.name
output AZURE_FUNCTION_APP_HOSTNAME string = relay.outputs.defaultHostName
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
// The claim check (CLAIMCHECK__serviceUri, CLAIMCHECK_CONTAINER) for the relay and for subscribers.
output AZURE_CLAIMCHECK_BLOB_ENDPOINT string = largeEventsStorage.outputs.blobEndpoint
output AZURE_CLAIMCHECK_CONTAINER string = largeEventsStorage.outputs.containerName
output AZURE_CLAIMCHECK_RETENTION_DAYS int = largeEventRetentionDays
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = relayIdentity.outputs.clientId
// What the sample subscriber (src/ChangeFeed.Subscriber) needs in Azure besides the endpoints above:
// SERVICEBUS__clientId / COSMOS__clientId = this identity, Subscriber__Container = the projections container.
output AZURE_SUBSCRIBER_CLIENT_ID string = subscriberIdentity.outputs.clientId
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.applicationInsightsConnectionString
output AZURE_VNET_ENABLED bool = vnetEnabled

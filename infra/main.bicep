// ChangeFeed infrastructure for `azd up`: a resource group holding the Cosmos DB account whose change
// feed is relayed, the Service Bus topics the events go to, the relay function app (Flex Consumption)
// and what it needs (storage, monitoring, a managed identity, role assignments), and Blob Storage for
// the claim check of events too large for a message, the audit trail (diagnostic settings) and the operators'
// workbook. No keys anywhere: Cosmos DB, Service Bus, storage and Application Insights all have local auth disabled.
// This file is the deployment's shape: parameters, names, one module per job (dependsOn orders them), outputs.
targetScope = 'subscription'

import { relayAppSettings } from 'modules/relay-settings.bicep'

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

@description('Object id of azd\'s signed-in principal (azd substitutes it whatever the environment says).')
param principalId string = ''

// azd substitutes ${AZURE_PRINCIPAL_ID} with the signed-in principal in every run, a pipeline's included, so an empty
// principalId is no way to withhold the developer's roles: this switch is (AZURE_GRANT_DEVELOPER_DATA_ROLES).
@description('Grant principalId the developer\'s data roles (whole database, topics, sample subscriptions, large events) for local runs against Azure. true for a person\'s azd up; false in a pipeline (.github/workflows/azure-dev.yml), whose principal then holds no standing data access.')
param grantDeveloperDataRoles bool = true

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

@description('With vnetEnabled: a NAT gateway for the app subnet\'s internet egress (Application Insights, a Standard Service Bus). false: you route it yourself (docs/deploy.md, "Private networking").')
param natGatewayEnabled bool = true

@description('Days the Log Analytics workspace keeps every table: the audit trail (diagnostic settings) and the telemetry.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 90

@description('Where the docs/ pages are read, for the workbook\'s runbook links (the pipeline passes its commit\'s pages on GitHub).')
param docsUrl string = 'docs'

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

// Private endpoints for blob only on storage: the host and the deployment package use nothing else (see modules/access/relay-roles.bicep).
var privateDnsZones = {
  cosmos: 'privatelink.documents.azure.com'
  serviceBus: 'privatelink.servicebus.windows.net'
  blob: 'privatelink.blob.${environment().suffixes.storage}'
}
// The relay stamps parked changes with the same time to live as the container's default (d.hh:mm:ss).
var parkedTimeToLive = '${parkedTimeToLiveSeconds / 86400}.${padLeft(string(parkedTimeToLiveSeconds % 86400 / 3600), 2, '0')}:${padLeft(string(parkedTimeToLiveSeconds % 3600 / 60), 2, '0')}:${padLeft(string(parkedTimeToLiveSeconds % 60), 2, '0')}'

// Standard Service Bus has no private endpoints; with vnetEnabled it stays on its public endpoint.
var serviceBusPrivate = vnetEnabled && serviceBusSku == 'Premium'

var developerDataRoles = grantDeveloperDataRoles && !empty(principalId)

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
    retentionInDays: logRetentionInDays
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
    natGatewayEnabled: natGatewayEnabled
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

module relay 'modules/function-app.bicep' = {
  name: 'relay'
  scope: rg
  // After its roles: the platform reads and writes the deployment package as the relay identity (a first `azd deploy`
  // right after provisioning otherwise meets 403 on the upload), and its first trigger start reads the change feed.
  dependsOn: [relayRoles]
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
    appSettings: relayAppSettings({
      identityClientId: relayIdentity.outputs.clientId
      hostStorageBlobEndpoint: storage.outputs.blobEndpoint
      cosmosEndpoint: cosmos.outputs.endpoint
      cosmosAccountName: cosmos.outputs.name
      serviceBusNamespace: serviceBus.outputs.fullyQualifiedNamespace
      partitionedTopics: serviceBus.outputs.partitionedTopics
      claimCheckEndpoint: largeEventsStorage.outputs.blobEndpoint
      claimCheckContainer: largeEventsStorage.outputs.containerName
      databaseName: databaseName
      containers: containerNames
      topics: topicNames
      ordersPartitionKeyPath: ordersPartitionKeyPath
      orderEventTypePrefix: orderEventTypePrefix
      outboxEventTypes: outboxEventTypes
      eventStoreEventTypes: eventStoreEventTypes
      parkedTimeToLive: parkedTimeToLive
    })
  }
}

// ---- Role assignments: least privilege, each on the narrowest scope that works (modules/access) ----
// Cosmos DB takes an exclusive lock on the account per data-plane role change and refuses a concurrent one (412
// PreconditionFailed): the definitions, then the relay's, the subscriber's and the developer's assignments, in turn.

module cosmosRoleDefinitions 'modules/access/cosmos-role-definitions.bicep' = {
  name: 'cosmos-role-definitions'
  scope: rg
  dependsOn: [cosmos] // names it: would otherwise deploy in parallel with it and fail on a first deployment
  params: {
    accountName: names.cosmos
    databaseName: databaseName
  }
}

var allTopics = [topicNames.cdc, topicNames.outbox, topicNames.eventStore]

module relayRoles 'modules/access/relay-roles.bicep' = {
  name: 'relay-roles'
  scope: rg
  // Each names what it grants on: would otherwise deploy in parallel with it and fail on a first deployment.
  dependsOn: [storage, cosmos, serviceBus, monitoring, largeEventsStorage]
  params: {
    principalId: relayIdentity.outputs.principalId
    principalKey: names.relayIdentity
    storageAccountName: names.storage
    cosmosAccountName: names.cosmos
    databaseName: databaseName
    watchedContainers: [containerNames.orders, containerNames.outbox, containerNames.events]
    writtenContainers: [containerNames.leases, containerNames.parked]
    changeReaderRoleName: cosmosRoleDefinitions.outputs.changeReaderName
    itemWriterRoleName: cosmosRoleDefinitions.outputs.itemWriterName
    serviceBusName: names.serviceBus
    topicNames: allTopics
    applicationInsightsName: names.applicationInsights
    largeEventsStorageName: names.largeEventsStorage
    largeEventsContainerName: largeEventsContainerName
  }
}

module subscriberRoles 'modules/access/subscriber-roles.bicep' = {
  name: 'subscriber-roles'
  scope: rg
  dependsOn: [cosmos, serviceBus, largeEventsStorage, relayRoles] // relayRoles: one data-plane role change at a time
  params: {
    principalId: subscriberIdentity.outputs.principalId
    principalKey: names.subscriberIdentity
    cosmosAccountName: names.cosmos
    databaseName: databaseName
    projectionsContainer: containerNames.projections
    itemWriterRoleName: cosmosRoleDefinitions.outputs.itemWriterName
    serviceBusName: names.serviceBus
    topicNames: allTopics
    subscriptionName: sampleSubscriptionName
    largeEventsStorageName: names.largeEventsStorage
    largeEventsContainerName: largeEventsContainerName
  }
}

// A person's `azd up` only (grantDeveloperDataRoles): a pipeline's principal gets no standing data access.
module developerRoles 'modules/access/developer-roles.bicep' = if (developerDataRoles) {
  name: 'developer-roles'
  scope: rg
  dependsOn: [cosmos, serviceBus, largeEventsStorage, cosmosRoleDefinitions, subscriberRoles] // one data-plane role change at a time
  params: {
    principalId: principalId
    principalType: principalType
    cosmosAccountName: names.cosmos
    databaseName: databaseName
    serviceBusName: names.serviceBus
    topicNames: allTopics
    subscriptionName: sampleSubscriptionName
    largeEventsStorageName: names.largeEventsStorage
    largeEventsContainerName: largeEventsContainerName
  }
}

// ---- Audit trail and the operators' picture ----

module diagnostics 'modules/diagnostics.bicep' = {
  name: 'diagnostics'
  scope: rg
  dependsOn: [monitoring, cosmos, serviceBus, storage, largeEventsStorage, relay] // names each: deploys after it
  params: {
    logAnalyticsName: names.logAnalytics
    cosmosAccountName: names.cosmos
    serviceBusName: names.serviceBus
    serviceBusSku: serviceBusSku
    storageAccountNames: [names.storage, names.largeEventsStorage]
    functionAppName: names.functionApp
  }
}

module workbook 'modules/workbook.bicep' = {
  name: 'workbook'
  scope: rg
  dependsOn: [monitoring] // names it: deploys after it
  params: {
    location: location
    tags: tags
    displayName: 'ChangeFeed relay (${environmentName})'
    applicationInsightsName: names.applicationInsights
    logAnalyticsName: names.logAnalytics
    largeEventsStorageName: names.largeEventsStorage
    docsUrl: docsUrl
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
// Whether azd's signed-in principal holds data roles: the postprovision hook then waits until they work.
output AZURE_DEVELOPER_DATA_ROLES bool = developerDataRoles
output AZURE_LOG_ANALYTICS_WORKSPACE_ID string = monitoring.outputs.logAnalyticsId
output AZURE_WORKBOOK_ID string = workbook.outputs.id

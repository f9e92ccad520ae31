// The relay identity's roles, each on the narrowest scope that works (docs/deploy.md, "Security model").

@description('Object id of the relay identity.')
param principalId string

@description('Name of the relay identity: seeds the assignment names (known at the start of the deployment).')
param principalKey string

@description('The Function App\'s storage account (host storage and the deployment package).')
param storageAccountName string

@description('Cosmos DB account name.')
param cosmosAccountName string

@description('Database of the containers below.')
param databaseName string

@description('Containers whose change feed the relay reads (never their items).')
param watchedContainers string[]

@description('Containers the relay writes: its leases and the parked changes.')
param writtenContainers string[]

@description('Name of the custom role "ChangeFeed change reader".')
param changeReaderRoleName string

@description('Name of the custom role "ChangeFeed item writer".')
param itemWriterRoleName string

@description('Service Bus namespace name.')
param serviceBusName string

@description('Topics the relay sends to.')
param topicNames string[]

@description('Application Insights component the relay sends telemetry to.')
param applicationInsightsName string

@description('Storage account of the claim check.')
param largeEventsStorageName string

@description('Container of the claim check.')
param largeEventsContainerName string

var roles = {
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

// Host storage on its own storage account, blobs only. What the Flex Consumption host uses there: blobs for its locks
// and key store (created as it needs them, hence the account scope) and the deployment package container. Storage Blob
// Data Owner is the documented minimum for host storage ("Connecting to host storage with an identity") and all the
// Cosmos DB Flex quickstart grants. No queue role: only blob triggers and Durable Functions use host queues, and the
// relay has neither (its trigger keeps its leases in Cosmos DB). No table role: tables would only persist the host's
// diagnostic events, which also reach Application Insights.
module storage 'storage-roles.bicep' = {
  name: 'relay-storage-roles'
  params: {
    storageAccountName: storageAccountName
    principalId: principalId
    principalKey: principalKey
    principalType: 'ServicePrincipal'
    roleIds: [roles.storageBlobDataOwner]
  }
}

// Read the change feed of the watched containers (never their items), write its leases and parked changes.
module cosmos 'cosmos-data-role.bicep' = {
  name: 'relay-cosmos-role'
  params: {
    accountName: cosmosAccountName
    principalId: principalId
    principalKey: principalKey
    grants: concat(
      map(watchedContainers, container => { roleDefinitionName: changeReaderRoleName, database: databaseName, container: container }),
      map(writtenContainers, container => { roleDefinitionName: itemWriterRoleName, database: databaseName, container: container })
    )
  }
}

// Send to each topic, nothing else on the namespace.
module sender 'servicebus-topic-role.bicep' = {
  name: 'relay-sender-roles'
  params: {
    namespaceName: serviceBusName
    topicNames: topicNames
    principalId: principalId
    principalKey: principalKey
    principalType: 'ServicePrincipal'
    roleId: roles.serviceBusDataSender
  }
}

// Send telemetry to Application Insights (local auth is off).
module monitoring 'monitoring-role.bicep' = {
  name: 'relay-monitoring-role'
  params: {
    applicationInsightsName: applicationInsightsName
    principalId: principalId
    principalKey: principalKey
    principalType: 'ServicePrincipal'
    roleId: roles.monitoringMetricsPublisher
  }
}

// Write the data of large events (claim check) to their container, nothing else on that account.
module largeEvents 'blob-container-role.bicep' = {
  name: 'relay-large-events-role'
  params: {
    storageAccountName: largeEventsStorageName
    containerName: largeEventsContainerName
    principalId: principalId
    principalKey: principalKey
    principalType: 'ServicePrincipal'
    roleId: roles.storageBlobDataContributor
  }
}

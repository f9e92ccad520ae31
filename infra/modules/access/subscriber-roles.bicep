// The sample subscriber identity's roles, each on the narrowest scope that works (docs/deploy.md, "Security model").

@description('Object id of the subscriber identity.')
param principalId string

@description('Name of the subscriber identity: seeds the assignment names (known at the start of the deployment).')
param principalKey string

@description('Cosmos DB account name.')
param cosmosAccountName string

@description('Database of the container below.')
param databaseName string

@description('The container of the subscriber\'s inbox and read model.')
param projectionsContainer string

@description('Name of the custom role "ChangeFeed item writer".')
param itemWriterRoleName string

@description('Service Bus namespace name.')
param serviceBusName string

@description('Topics whose sample subscription the subscriber receives from.')
param topicNames string[]

@description('The sample subscription on each topic.')
param subscriptionName string

@description('Storage account of the claim check.')
param largeEventsStorageName string

@description('Container of the claim check.')
param largeEventsContainerName string

var roles = {
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
  storageBlobDataReader: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'
}

// Read the data of large events (the `dataref` of a claim-checked event).
module largeEvents 'blob-container-role.bicep' = {
  name: 'subscriber-large-events-role'
  params: {
    storageAccountName: largeEventsStorageName
    containerName: largeEventsContainerName
    principalId: principalId
    principalKey: principalKey
    principalType: 'ServicePrincipal'
    roleId: roles.storageBlobDataReader
  }
}

// Receive from its subscription on each topic.
module receiver 'servicebus-subscription-role.bicep' = {
  name: 'subscriber-receiver-roles'
  params: {
    namespaceName: serviceBusName
    topicNames: topicNames
    subscriptionName: subscriptionName
    principalId: principalId
    principalKey: principalKey
    principalType: 'ServicePrincipal'
    roleId: roles.serviceBusDataReceiver
  }
}

// Write its inbox and read model, the projections container only.
module cosmos 'cosmos-data-role.bicep' = {
  name: 'subscriber-cosmos-role'
  params: {
    accountName: cosmosAccountName
    principalId: principalId
    principalKey: principalKey
    grants: [
      { roleDefinitionName: itemWriterRoleName, database: databaseName, container: projectionsContainer }
    ]
  }
}

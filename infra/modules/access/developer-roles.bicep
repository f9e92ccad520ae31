// The developer's data roles (azd up's signed-in principal): run the relay, the subscriber and the parked command
// locally against Azure, and write sample documents to the watched containers. All of that is the whole database, so
// the built-in Data Contributor there. No roles on the Function App's storage: local runs use Azurite
// (AzureWebJobsStorage=UseDevelopmentStorage=true). main.bicep deploys this module only when grantDeveloperDataRoles is
// true (a person's azd up), never for a pipeline's principal.

@description('Object id of the developer.')
param principalId string

@description('Kind of principal in principalId.')
@allowed(['User', 'Group', 'ServicePrincipal'])
param principalType string

@description('Cosmos DB account name.')
param cosmosAccountName string

@description('Database the developer may read and write whole.')
param databaseName string

@description('Service Bus namespace name.')
param serviceBusName string

@description('Topics the developer may send to and whose sample subscription it may receive from.')
param topicNames string[]

@description('The sample subscription on each topic.')
param subscriptionName string

@description('Storage account of the claim check.')
param largeEventsStorageName string

@description('Container of the claim check.')
param largeEventsContainerName string

var roles = {
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  cosmosBuiltInDataContributor: '00000000-0000-0000-0000-000000000002'
}

module cosmos 'cosmos-data-role.bicep' = {
  name: 'developer-cosmos-role'
  params: {
    accountName: cosmosAccountName
    principalId: principalId
    grants: [
      { roleDefinitionName: roles.cosmosBuiltInDataContributor, database: databaseName }
    ]
  }
}

module sender 'servicebus-topic-role.bicep' = {
  name: 'developer-sender-roles'
  params: {
    namespaceName: serviceBusName
    topicNames: topicNames
    principalId: principalId
    principalType: principalType
    roleId: roles.serviceBusDataSender
  }
}

module receiver 'servicebus-subscription-role.bicep' = {
  name: 'developer-receiver-roles'
  params: {
    namespaceName: serviceBusName
    topicNames: topicNames
    subscriptionName: subscriptionName
    principalId: principalId
    principalType: principalType
    roleId: roles.serviceBusDataReceiver
  }
}

// A relay run locally against Azure writes large events where subscribers read them.
module largeEvents 'blob-container-role.bicep' = {
  name: 'developer-large-events-role'
  params: {
    storageAccountName: largeEventsStorageName
    containerName: largeEventsContainerName
    principalId: principalId
    principalType: principalType
    roleId: roles.storageBlobDataContributor
  }
}

// Grants one role on each named Service Bus topic (a sender needs nothing wider).

@description('Namespace name.')
param namespaceName string

@description('Topics the role is granted on.')
param topicNames string[]

@description('Object id of the principal.')
param principalId string

@description('Stable, deploy-time-known text that identifies the principal (its identity name, or principalId itself); seeds the assignment names.')
param principalKey string = principalId

@description('Kind of principal.')
@allowed(['User', 'Group', 'ServicePrincipal'])
param principalType string

@description('Built-in role definition id (GUID).')
param roleId string

resource namespace 'Microsoft.ServiceBus/namespaces@2026-01-01' existing = {
  name: namespaceName
}

resource topics 'Microsoft.ServiceBus/namespaces/topics@2026-01-01' existing = [
  for topicName in topicNames: {
    parent: namespace
    name: topicName
  }
]

resource assignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (topicName, i) in topicNames: {
    name: guid(topics[i].id, principalKey, roleId)
    scope: topics[i]
    properties: {
      principalId: principalId
      principalType: principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]

// Grants one role on the named subscription of each topic (a receiver needs nothing wider).

@description('Namespace name.')
param namespaceName string

@description('Topics whose subscription gets the role.')
param topicNames string[]

@description('Subscription name (the same on every topic).')
param subscriptionName string

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

resource subscriptions 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2026-01-01' existing = [
  for topicName in topicNames: {
    name: '${namespace.name}/${topicName}/${subscriptionName}'
  }
]

resource assignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (topicName, i) in topicNames: {
    name: guid(subscriptions[i].id, principalKey, roleId)
    scope: subscriptions[i]
    properties: {
      principalId: principalId
      principalType: principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]

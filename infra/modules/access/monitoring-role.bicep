// Grants one role on an Application Insights component (Monitoring Metrics Publisher lets an identity
// send telemetry when the component's local auth is off).

@description('Application Insights component name.')
param applicationInsightsName string

@description('Object id of the principal.')
param principalId string

@description('Stable, deploy-time-known text that identifies the principal (its identity name, or principalId itself); seeds the assignment names.')
param principalKey string = principalId

@description('Kind of principal.')
@allowed(['User', 'Group', 'ServicePrincipal'])
param principalType string

@description('Built-in role definition id (GUID).')
param roleId string

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource assignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, principalKey, roleId)
  scope: applicationInsights
  properties: {
    principalId: principalId
    principalType: principalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
  }
}

// The audit trail: diagnostic settings that send each data service's request logs to the Log Analytics workspace, in
// resource-specific tables (CDBDataPlaneRequests, AZMSRuntimeAuditLogs, StorageBlobLogs, FunctionAppLogs, ...), so that
// who read or wrote what, with which identity, can be queried (docs/operations.md, "Audit trail"). Local auth is off
// everywhere, so every request in these logs names an Entra principal. Retention is the workspace's
// (modules/monitoring.bicep, logRetentionInDays).

@description('Log Analytics workspace name.')
param logAnalyticsName string

@description('Cosmos DB account name.')
param cosmosAccountName string

@description('Service Bus namespace name.')
param serviceBusName string

@description('Service Bus tier: the runtime audit and application metrics logs exist on Premium only.')
@allowed(['Standard', 'Premium'])
param serviceBusSku string

@description('Storage accounts whose blob service is logged: the Function App\'s and the claim check\'s.')
param storageAccountNames string[]

@description('Function App name.')
param functionAppName string

var settingName = 'audit-to-log-analytics'

resource workspace 'Microsoft.OperationalInsights/workspaces@2026-03-01' existing = {
  name: logAnalyticsName
}

resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2026-03-15' existing = {
  name: cosmosAccountName
}

resource serviceBus 'Microsoft.ServiceBus/namespaces@2026-01-01' existing = {
  name: serviceBusName
}

resource functionApp 'Microsoft.Web/sites@2025-03-01' existing = {
  name: functionAppName
}

resource blobServices 'Microsoft.Storage/storageAccounts/blobServices@2026-06-01' existing = [
  for name in storageAccountNames: {
    name: '${name}/default'
  }
]

// Data-plane requests name the caller's Entra principal (AadPrincipalId) and the role assignment that allowed it;
// control-plane requests record changes to the account, its containers and its role assignments.
// 2021-05-01-preview: the newest diagnosticSettings version, and the first with resource-specific tables (Dedicated).
#disable-next-line use-recent-api-versions
resource cosmosLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: settingName
  scope: cosmos
  properties: {
    workspaceId: workspace.id
    logAnalyticsDestinationType: 'Dedicated'
    logs: [
      { category: 'DataPlaneRequests', enabled: true }
      { category: 'ControlPlaneRequests', enabled: true }
      { category: 'PartitionKeyRUConsumption', enabled: true }
    ]
  }
}

// Operational logs (entity changes) on every tier; runtime audit logs (sends and receives with the caller's identity)
// and application metrics logs on Premium only.
#disable-next-line use-recent-api-versions
resource serviceBusLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: settingName
  scope: serviceBus
  properties: {
    workspaceId: workspace.id
    logAnalyticsDestinationType: 'Dedicated'
    logs: concat(
      [
        { category: 'OperationalLogs', enabled: true }
        { category: 'VNetAndIPFilteringLogs', enabled: true }
      ],
      serviceBusSku == 'Premium'
        ? [
            { category: 'RuntimeAuditLogs', enabled: true }
            { category: 'ApplicationMetricsLogs', enabled: true }
          ]
        : []
    )
  }
}

// Every blob read, write and delete, with the caller's object id (RequesterObjectId): the host's state, the deployment
// package and the claim-checked data of large events.
#disable-next-line use-recent-api-versions
resource blobLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = [
  for (name, i) in storageAccountNames: {
    name: settingName
    scope: blobServices[i]
    properties: {
      workspaceId: workspace.id
      logs: [
        { category: 'StorageRead', enabled: true }
        { category: 'StorageWrite', enabled: true }
        { category: 'StorageDelete', enabled: true }
      ]
    }
  }
]

// The Functions host's own log (start, stop, trigger and worker errors) beside what the app sends to Application Insights.
#disable-next-line use-recent-api-versions
resource functionAppLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: settingName
  scope: functionApp
  properties: {
    workspaceId: workspace.id
    logs: [
      { category: 'FunctionAppLogs', enabled: true }
    ]
  }
}

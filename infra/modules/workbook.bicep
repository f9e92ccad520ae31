// The operators' picture: an Azure Monitor workbook over the relay's metrics in Application Insights (per route: lag,
// events per second, parked and failed counts, batches sent, publish time) and the claim check's blob log in Log
// Analytics, with links to the runbook. The content is workbook/relay.workbook.json; its queries name only the
// instruments and tags src/ emits (a test cross-checks them).

@description('Region.')
param location string

@description('Tags.')
param tags object

@description('Name shown in the portal (Workbooks).')
param displayName string

@description('Application Insights component the metrics are in (the workbook\'s source).')
param applicationInsightsName string

@description('Log Analytics workspace that holds the blob logs.')
param logAnalyticsName string

@description('Storage account of the claim check.')
param largeEventsStorageName string

@description('Where the docs/ pages are read, for the runbook links (e.g. https://github.com/<owner>/<repo>/blob/main/docs).')
param docsUrl string

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2026-03-01' existing = {
  name: logAnalyticsName
}

var content = replace(
  replace(
    replace(
      replace(loadTextContent('workbook/relay.workbook.json'), '__APPLICATION_INSIGHTS_ID__', applicationInsights.id),
      '__LOG_ANALYTICS_ID__',
      logAnalytics.id
    ),
    '__LARGE_EVENTS_ACCOUNT__',
    largeEventsStorageName
  ),
  '__DOCS__',
  docsUrl
)

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  // A workbook's name is a GUID; this one is stable per component, so a provision updates it in place.
  name: guid(applicationInsights.id, 'changefeed-relay-workbook')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: displayName
    category: 'workbook'
    sourceId: applicationInsights.id
    serializedData: content
  }
}

output id string = workbook.id

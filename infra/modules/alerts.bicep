// Alerts for what needs a person: a relay that keeps failing (its route's stream is blocked: nothing after the
// failing batch is published), changes the relay parked (not published until replayed) and messages a subscriber
// dead-lettered (not handled until someone looks). They fire in the portal; with an e-mail address they also notify
// through an action group.

@description('Region of the log search alert (metric alerts and action groups are global).')
param location string

@description('Tags for every resource.')
param tags object

@description('Prefix of the alert and action group names.')
param namePrefix string

@description('Application Insights component the relay sends its metrics to (changefeed.changes.parked).')
param applicationInsightsName string

@description('Service Bus namespace whose subscriptions dead-letter what they cannot handle.')
param serviceBusName string

@description('E-mail address notified when an alert fires; empty: the alerts show in the portal only.')
param alertEmail string = ''

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource serviceBus 'Microsoft.ServiceBus/namespaces@2026-01-01' existing = {
  name: serviceBusName
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(alertEmail)) {
  name: '${namePrefix}-operators'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'changefeed'
    enabled: true
    emailReceivers: [
      {
        name: 'operators'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

var actions = empty(alertEmail) ? [] : [actionGroup.id]

// Log search alerts on the relay's own metrics (meter ChangeFeed, tag changefeed.route), one alert per route.
var relayAlerts = [
  {
    // Any parked change in 15 minutes.
    name: 'changes-parked'
    displayName: 'ChangeFeed: changes parked'
    description: 'The relay parked changes it could not publish. They are not published until replayed: see why with `parked list <route>` and replay with `parked replay <route>` (docs/operations.md, "Changes parked").'
    severity: 2
    measure: 'Parked'
    query: 'customMetrics | where name == "changefeed.changes.parked" | summarize Parked = sum(valueSum) by Route = tostring(customDimensions["changefeed.route"]) | where Parked > 0'
  }
  {
    // Batches failing for 10 minutes (the host retries them; a blip that recovers does not fire).
    name: 'relay-failing'
    displayName: 'ChangeFeed: relay failing'
    description: 'A route has failed to relay its change feed batches for 10 minutes or more: nothing after the failing batch is published until it goes through (no change is lost; it is retried). Look at the exceptions of the relay for the cause (Service Bus or Cosmos DB unreachable, a role missing, a topic deleted).'
    severity: 1
    measure: 'Failed'
    query: 'customMetrics | where name == "changefeed.relays.failed" and valueSum > 0 | summarize Failed = sum(valueSum), First = min(timestamp), Last = max(timestamp) by Route = tostring(customDimensions["changefeed.route"]) | where Last - First >= 10m'
  }
]

resource relayMetricAlerts 'Microsoft.Insights/scheduledQueryRules@2026-03-01' = [
  for alert in relayAlerts: {
    name: '${namePrefix}-${alert.name}'
    location: location
    tags: tags
    kind: 'LogAlert'
    properties: {
      displayName: alert.displayName
      description: alert.description
      severity: alert.severity
      enabled: true
      scopes: [applicationInsights.id]
      evaluationFrequency: 'PT5M'
      windowSize: 'PT15M'
      autoMitigate: true
      criteria: {
        allOf: [
          {
            query: alert.query
            timeAggregation: 'Total'
            metricMeasureColumn: alert.measure
            dimensions: [
              {
                name: 'Route'
                operator: 'Include'
                values: ['*']
              }
            ]
            operator: 'GreaterThan'
            threshold: 0
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      actions: {
        actionGroups: actions
      }
    }
  }
]

// Messages in any dead-letter queue of the namespace (a gauge: the alert stays fired until they are dealt with).
resource deadLettered 'Microsoft.Insights/metricAlerts@2026-01-01' = {
  name: '${namePrefix}-messages-dead-lettered'
  location: 'global'
  tags: tags
  properties: {
    description: 'A subscriber dead-lettered messages (the reason is in the message properties DeadLetterReason and DeadLetterErrorDescription). They are not handled until someone resubmits or discards them.'
    severity: 2
    enabled: true
    scopes: [serviceBus.id]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    autoMitigate: true
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'dead-lettered'
          metricNamespace: 'Microsoft.ServiceBus/namespaces'
          metricName: 'DeadletteredMessages'
          dimensions: [
            {
              name: 'EntityName'
              operator: 'Include'
              values: ['*']
            }
          ]
          timeAggregation: 'Maximum'
          operator: 'GreaterThan'
          threshold: 0
        }
      ]
    }
    actions: [for id in actions: { actionGroupId: id }]
  }
}

// Service Bus namespace with one topic per route. Every topic detects duplicates (MessageId = event id),
// and every topic has a session-enabled sample subscription that filters on the CloudEvent type
// (the message Subject, `label` in a CorrelationFilter) and on whom a message is for: the relay marks its messages
// `changefeed_delivery: live`, a backfill marks its copies `changefeed_delivery: backfill` and names the one
// subscription they are for in `To` (docs/backfill.md). Correlation filters only: equality, the cheapest rules.

@description('Namespace name.')
param name string

@description('Region.')
param location string

@description('Tags.')
param tags object

@description('Standard (topics at a small base charge) or Premium (dedicated, private endpoints).')
@allowed(['Standard', 'Premium'])
param sku string = 'Standard'

@description('Messaging units when Premium (raised to the number of partitions when that is larger: every partition gets the same share).')
@allowed([1, 2, 4, 8, 16])
param premiumCapacity int = 1

@description('Premium only: partitions of the namespace, set at creation only. 1 = not partitioned; 2 or 4 partition every topic, which then takes a batch of one partition key (session) only.')
@allowed([1, 2, 4])
param premiumMessagingPartitions int = 1

@description('Standard only: create the topics partitioned (16 partitions each, set at creation only); a partitioned topic takes a batch of one partition key (session) only.')
param enablePartitioning bool = false

@description('Topics to create, each with the event types its sample subscription receives.')
param topics topicSpec[]

@description('Name of the sample subscription created on every topic.')
param subscriptionName string

@description('Duplicate detection window (ISO 8601, 20 seconds to 7 days).')
param duplicateDetectionWindow string = 'P1D'

@description('Time to live of a message that nobody receives (ISO 8601). The claim check retention must outlive it (main.bicep).')
param defaultMessageTimeToLive string = 'P14D'

@description('Premium only: the largest message a topic takes, in KB (1024 to 102400; above 1024 is large message support). Standard is fixed at 256 KB. Events larger than this travel by claim check.')
@minValue(1024)
@maxValue(102400)
param premiumMaxMessageSizeInKilobytes int = 1024

@description('When true and Premium, public network access is disabled and the namespace is reached through a private endpoint.')
param vnetEnabled bool = false

@export()
@description('A topic and the CloudEvent types its sample subscription receives (at least one).')
type topicSpec = {
  name: string
  @minLength(1)
  eventTypes: string[]
}

// Service Bus creates a `$Default` rule with a TrueFilter (everything) on every new subscription.
// Declaring a rule with that name replaces its filter, so the sample receives only the listed types, live:
// `$Default` carries the first type, one more rule per further type (rules are ORed), and per type a rule that lets
// through a backfill meant for this subscription (and for no other: a TrueFilter would take every backfill).
var rules = flatten(map(
  topics,
  topic => flatten(map(range(0, length(topic.eventTypes)), i => [
    {
      topic: topic.name
      name: i == 0 ? '$Default' : 'type-${i}'
      correlationFilter: {
        label: topic.eventTypes[i]
        properties: { changefeed_delivery: 'live' }
      }
    }
    {
      topic: topic.name
      name: 'backfill-${i}'
      correlationFilter: {
        label: topic.eventTypes[i]
        to: subscriptionName
        properties: { changefeed_delivery: 'backfill' }
      }
    }
  ]))
))

resource namespace 'Microsoft.ServiceBus/namespaces@2026-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: sku
    tier: sku
    // Messaging units are a multiple of the partitions (1, 2, 4, 8 or 16 per partition).
    capacity: sku == 'Premium' ? max(premiumCapacity, premiumMessagingPartitions) : null
  }
  properties: {
    premiumMessagingPartitions: sku == 'Premium' ? premiumMessagingPartitions : null
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: vnetEnabled && sku == 'Premium' ? 'Disabled' : 'Enabled'
  }
}

resource topicResources 'Microsoft.ServiceBus/namespaces/topics@2026-01-01' = [
  for topic in topics: {
    parent: namespace
    name: topic.name
    properties: {
      requiresDuplicateDetection: true
      duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
      defaultMessageTimeToLive: defaultMessageTimeToLive
      supportOrdering: true
      enableBatchedOperations: true
      maxSizeInMegabytes: 1024
      maxMessageSizeInKilobytes: sku == 'Premium' ? premiumMaxMessageSizeInKilobytes : null
      // Premium entities are partitioned by their namespace (premiumMessagingPartitions), not one by one.
      enablePartitioning: sku == 'Standard' ? enablePartitioning : null
    }
  }
]

resource subscriptions 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2026-01-01' = [
  for (topic, i) in topics: {
    parent: topicResources[i]
    name: subscriptionName
    properties: {
      requiresSession: true
      deadLetteringOnFilterEvaluationExceptions: true
      deadLetteringOnMessageExpiration: true
      maxDeliveryCount: 10
      lockDuration: 'PT1M'
      defaultMessageTimeToLive: defaultMessageTimeToLive
    }
  }
]

resource subscriptionRules 'Microsoft.ServiceBus/namespaces/topics/subscriptions/rules@2026-01-01' = [
  for rule in rules: {
    name: '${namespace.name}/${rule.topic}/${subscriptionName}/${rule.name}'
    properties: {
      filterType: 'CorrelationFilter'
      correlationFilter: rule.correlationFilter
    }
    dependsOn: [subscriptions]
  }
]

output id string = namespace.id
output name string = namespace.name
// serviceBusEndpoint is https://<name>.servicebus.<cloud suffix>:443/ ; the host part is the FQDN.
output fullyQualifiedNamespace string = split(split(namespace.properties.serviceBusEndpoint, '//')[1], ':')[0]
output topicNames string[] = [for (topic, i) in topics: topicResources[i].name]
// What the relay's SERVICEBUS_PARTITIONED_TOPICS says: * (a partitioned Premium namespace), the topics created
// partitioned (Standard), or nothing.
output partitionedTopics string = sku == 'Premium'
  ? (premiumMessagingPartitions > 1 ? '*' : '')
  : (enablePartitioning ? join(map(topics, topic => topic.name), ',') : '')

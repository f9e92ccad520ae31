// The relay's app settings, as one function main.bicep imports (compiled in; no deployment of its own).
// Names are read by src/ChangeFeed.Functions: do not rename. Connections are identity-based
// (<connection>__credential/__clientId); there is no secret among them.

@export()
@description('What the relay\'s settings are made of: the endpoints and names of what main.bicep deploys.')
type relayInputs = {
  identityClientId: string
  hostStorageBlobEndpoint: string
  cosmosEndpoint: string
  cosmosAccountName: string
  serviceBusNamespace: string
  @description('SERVICEBUS_PARTITIONED_TOPICS: *, the partitioned topics\' names, or empty.')
  partitionedTopics: string
  claimCheckEndpoint: string
  claimCheckContainer: string
  databaseName: string
  containers: { orders: string, outbox: string, events: string, leases: string, parked: string }
  topics: { cdc: string, outbox: string, eventStore: string }
  ordersPartitionKeyPath: string
  orderEventTypePrefix: string
  @description('The event types the outbox and event store routes publish (the contract lists them; subscription rules filter on them).')
  outboxEventTypes: string[]
  eventStoreEventTypes: string[]
  @description('Time to live of parked changes (d.hh:mm:ss), as the parked container\'s default.')
  parkedTimeToLive: string
}

@export()
@description('The relay\'s app settings beyond the host and monitoring ones (modules/function-app.bicep adds those).')
func relayAppSettings(i relayInputs) object => union(
  {
    // Host storage is blob only (see modules/access/relay-roles.bicep): no queue or table endpoint.
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: i.identityClientId
    AzureWebJobsStorage__blobServiceUri: i.hostStorageBlobEndpoint
    COSMOS__accountEndpoint: i.cosmosEndpoint
    COSMOS__credential: 'managedidentity'
    COSMOS__clientId: i.identityClientId
    SERVICEBUS__fullyQualifiedNamespace: i.serviceBusNamespace
    SERVICEBUS__credential: 'managedidentity'
    SERVICEBUS__clientId: i.identityClientId
    // Partitioned topics take a batch of one session only; the relay cannot read entity properties.
    SERVICEBUS_PARTITIONED_TOPICS: i.partitionedTopics
    CLAIMCHECK__serviceUri: i.claimCheckEndpoint
    CLAIMCHECK__credential: 'managedidentity'
    CLAIMCHECK__clientId: i.identityClientId
    CLAIMCHECK_CONTAINER: i.claimCheckContainer
    COSMOS_DATABASE: i.databaseName
    COSMOS_LEASES_CONTAINER: i.containers.leases
    COSMOS_PARKED_CONTAINER: i.containers.parked
    COSMOS_PARKED_TTL: i.parkedTimeToLive
    ORDERS_CONTAINER: i.containers.orders
    OUTBOX_CONTAINER: i.containers.outbox
    EVENTS_CONTAINER: i.containers.events
    ChangeFeed__Account: i.cosmosAccountName
  },
  {
    ChangeFeed__Routes__orders__Mode: 'cdc'
    ChangeFeed__Routes__orders__Database: i.databaseName
    ChangeFeed__Routes__orders__Container: i.containers.orders
    ChangeFeed__Routes__orders__Topic: i.topics.cdc
    ChangeFeed__Routes__orders__PartitionKeyPath: i.ordersPartitionKeyPath
    ChangeFeed__Routes__orders__EventType: 'com.contoso.orders.order'
    ChangeFeed__Routes__orders__SoftDeleteProperty: 'isDeleted'
  },
  {
    ChangeFeed__Routes__outbox__Mode: 'outbox'
    ChangeFeed__Routes__outbox__Database: i.databaseName
    ChangeFeed__Routes__outbox__Container: i.containers.outbox
    ChangeFeed__Routes__outbox__Topic: i.topics.outbox
    ChangeFeed__Routes__outbox__PartitionKeyPath: '/partitionKey'
    ChangeFeed__Routes__outbox__EventTypes: join(i.outboxEventTypes, ',')
  },
  {
    ChangeFeed__Routes__eventstore__Mode: 'eventstore'
    ChangeFeed__Routes__eventstore__Database: i.databaseName
    ChangeFeed__Routes__eventstore__Container: i.containers.events
    ChangeFeed__Routes__eventstore__Topic: i.topics.eventStore
    ChangeFeed__Routes__eventstore__PartitionKeyPath: '/streamId'
    ChangeFeed__Routes__eventstore__TypeProperty: 'type'
    ChangeFeed__Routes__eventstore__TypePrefix: i.orderEventTypePrefix
    ChangeFeed__Routes__eventstore__EventTypes: join(i.eventStoreEventTypes, ',')
  }
)

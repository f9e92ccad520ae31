namespace ChangeFeed.Demo;

/// <summary>
/// The demo's routes, named as in local.settings.sample.json: <c>outbox</c> (records the <c>OutboxWriter</c> saves
/// with each order) and <c>orders</c> (change data capture of plain order documents), each to its own topic.
/// </summary>
internal static class DemoTopology
{
    public const string Database = "changefeed";
    public const string OutboxRoute = "outbox";
    public const string OutboxContainer = "outbox";
    public const string OutboxTopic = "orders-events";
    public const string CdcRoute = "orders";
    public const string CdcContainer = "orders";
    public const string CdcTopic = "orders-cdc";
    public const string PartitionKeyPath = "/customerId";

    /// <summary>The sample subscriber's session-enabled subscription on each topic.</summary>
    public const string SubscriberSubscription = "sample-subscriber";

    /// <summary>A plain subscription on each topic that only the live view reads.</summary>
    public const string ViewSubscription = "demo-view";

    public static readonly IReadOnlyDictionary<string, string> RouteOfTopic = new Dictionary<string, string>
    {
        [OutboxTopic] = OutboxRoute,
        [CdcTopic] = CdcRoute,
    };

    /// <summary>The relay's settings, as the processor host reads them from local.settings.json or the environment.</summary>
    public static Dictionary<string, string?> RelaySettings(string cosmos, string serviceBus) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["COSMOS"] = cosmos,
        ["SERVICEBUS"] = serviceBus,
        ["COSMOS_DATABASE"] = Database,
        ["COSMOS_LEASES_CONTAINER"] = "leases",
        ["COSMOS_PARKED_CONTAINER"] = "parked",
        ["ChangeFeed:Account"] = "demo",
        [$"ChangeFeed:Routes:{OutboxRoute}:Mode"] = "outbox",
        [$"ChangeFeed:Routes:{OutboxRoute}:Database"] = Database,
        [$"ChangeFeed:Routes:{OutboxRoute}:Container"] = OutboxContainer,
        [$"ChangeFeed:Routes:{OutboxRoute}:Topic"] = OutboxTopic,
        [$"ChangeFeed:Routes:{OutboxRoute}:PartitionKeyPath"] = PartitionKeyPath,
        [$"ChangeFeed:Routes:{CdcRoute}:Mode"] = "cdc",
        [$"ChangeFeed:Routes:{CdcRoute}:Database"] = Database,
        [$"ChangeFeed:Routes:{CdcRoute}:Container"] = CdcContainer,
        [$"ChangeFeed:Routes:{CdcRoute}:Topic"] = CdcTopic,
        [$"ChangeFeed:Routes:{CdcRoute}:PartitionKeyPath"] = PartitionKeyPath,
        [$"ChangeFeed:Routes:{CdcRoute}:EventType"] = "com.contoso.orders.order",
        [$"ChangeFeed:Routes:{CdcRoute}:SoftDeleteProperty"] = "isDeleted",
        ["Host:InstanceName"] = "demo",
        // Short waits so that an event shows within a second of its write; the defaults suit a real account.
        ["Host:PollInterval"] = "00:00:00.200",
        ["Host:StartFrom"] = "Beginning",
        ["Host:LeaseAcquireInterval"] = "00:00:00.500",
    };

    /// <summary>The sample subscriber's settings for one topic (its Program reads the same keys).</summary>
    public static Dictionary<string, string?> SubscriberSettings(string cosmos, string serviceBus, string topic) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["COSMOS"] = cosmos,
        ["SERVICEBUS"] = serviceBus,
        ["Subscriber:Topic"] = topic,
        ["Subscriber:Subscription"] = SubscriberSubscription,
        ["Subscriber:Database"] = Database,
        ["Subscriber:Container"] = "projections",
    };
}

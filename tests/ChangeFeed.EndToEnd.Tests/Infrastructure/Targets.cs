using ChangeFeed.StandIns.Azurite;
using ChangeFeed.StandIns.Cosmos;
using ChangeFeed.StandIns.ServiceBus;

namespace ChangeFeed.EndToEnd.Tests.Infrastructure;

/// <summary>
/// What the suite runs against, started once per test collection: the Cosmos DB and Service Bus stand-ins and Azurite
/// (Blob Storage, for the claim check) by default; the accounts in <c>CHANGEFEED_E2E_COSMOS</c> /
/// <c>CHANGEFEED_E2E_SERVICEBUS</c> / <c>CHANGEFEED_E2E_STORAGE</c> when set (then no stand-in starts and the topic in
/// <c>CHANGEFEED_E2E_TOPIC</c> with subscription <c>CHANGEFEED_E2E_SUBSCRIPTION</c> must exist).
/// </summary>
public sealed class Targets : IAsyncLifetime
{
    public const string ServiceBusVariable = "CHANGEFEED_E2E_SERVICEBUS";
    public const string TopicVariable = "CHANGEFEED_E2E_TOPIC";
    public const string SubscriptionVariable = "CHANGEFEED_E2E_SUBSCRIPTION";
    public const string SessionSubscriptionVariable = "CHANGEFEED_E2E_SESSION_SUBSCRIPTION";
    public const string PartitionedTopicVariable = "CHANGEFEED_E2E_PARTITIONED_TOPIC";

    private CosmosStandIn? cosmos;
    private Azurite? storage;

    public CosmosStandIn Cosmos => cosmos ?? throw new InvalidOperationException("not started");

    /// <summary>Blob Storage for the claim check: Azurite, or the account in <c>CHANGEFEED_E2E_STORAGE</c>.</summary>
    public Azurite Storage => storage ?? throw new InvalidOperationException("not started");

    /// <summary>The Service Bus stand-in; null against a real namespace.</summary>
    public ServiceBusStandIn? ServiceBusStandIn { get; private set; }

    public string ServiceBusConnectionString { get; private set; } = "";

    /// <summary>Outages, refused connections and the duplicate counter exist only on the stand-in.</summary>
    public bool CanInjectServiceBusFaults => ServiceBusStandIn is not null;

    public string Description =>
        $"Cosmos DB: {(Cosmos.IsStandIn ? "stand-in" : Cosmos.Endpoint.Host)}, Service Bus: {(ServiceBusStandIn is null ? "real namespace" : "stand-in")}, "
        + $"Blob Storage: {(Storage.IsEmulator ? "Azurite" : "real account")}";

    public async Task InitializeAsync()
    {
        var starting = Azurite.StartAsync();
        cosmos = await CosmosStandIn.StartAsync();
        storage = await starting;
        if (Environment.GetEnvironmentVariable(ServiceBusVariable) is { Length: > 0 } connectionString)
        {
            ServiceBusConnectionString = connectionString;
            return;
        }

        ServiceBusStandIn = await ServiceBusStandIn.StartAsync();
        ServiceBusConnectionString = ServiceBusStandIn.ConnectionString;
    }

    /// <summary>
    /// The topic and unfiltered, session-less subscription a scenario publishes to and reads back: on the stand-in a
    /// new topic per scenario (so its counters are the scenario's own), else the one configured for the suite
    /// (<c>CHANGEFEED_E2E_PARTITIONED_TOPIC</c> for a <paramref name="partitioned"/> one, a topic created with
    /// partitioning or in a Premium namespace with partitions, with the same subscription name).
    /// </summary>
    public (string Topic, string Subscription) TopicFor(string scenario, bool partitioned = false)
    {
        if (ServiceBusStandIn is null)
        {
            var (variable, fallback) = partitioned ? (PartitionedTopicVariable, "e2e-partitioned") : (TopicVariable, "e2e");
            return (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } topic ? topic : fallback,
                Environment.GetEnvironmentVariable(SubscriptionVariable) is { Length: > 0 } subscription ? subscription : "all");
        }

        ServiceBusStandIn.AddTopic(scenario, duplicateDetectionWindow: TimeSpan.FromMinutes(10), partitioned: partitioned).AddSubscription("all");
        return (scenario, "all");
    }

    /// <summary>
    /// A session-enabled, unfiltered subscription on <paramref name="topic"/> for a subscriber that keeps each entity's
    /// order: added on the stand-in; on a real namespace the one named by <c>CHANGEFEED_E2E_SESSION_SUBSCRIPTION</c>.
    /// </summary>
    public string SessionSubscriptionFor(string topic)
    {
        if (ServiceBusStandIn is null)
            return Environment.GetEnvironmentVariable(SessionSubscriptionVariable) is { Length: > 0 } subscription ? subscription : "sessions";

        ServiceBusStandIn.Topic(topic).AddSubscription("sessions", requiresSession: true);
        return "sessions";
    }

    public async Task DisposeAsync()
    {
        if (ServiceBusStandIn is not null)
            await ServiceBusStandIn.DisposeAsync();
        if (cosmos is not null)
            await cosmos.DisposeAsync();
        if (storage is not null)
            await storage.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class EndToEndSuite : ICollectionFixture<Targets>
{
    public const string Name = "end to end";
}

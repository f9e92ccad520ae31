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
    public const string BackfillSubscriptionVariable = "CHANGEFEED_E2E_BACKFILL_SUBSCRIPTION";
    public const string BackfillLogSubscriptionVariable = "CHANGEFEED_E2E_BACKFILL_LOG_SUBSCRIPTION";
    public const string LiveSubscriptionVariable = "CHANGEFEED_E2E_LIVE_SUBSCRIPTION";

    /// <summary>One scenario at a time on a real Service Bus namespace, whichever collection it is in (see <see cref="TakeTurnAsync"/>).</summary>
    private static readonly SemaphoreSlim RealNamespaceTurn = new(1, 1);

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

        ServiceBusStandIn = await ServiceBusStandIn.StartAsync(tls: true); // TLS for the Python consumer (uamqp)
        ServiceBusConnectionString = ServiceBusStandIn.ConnectionString;
    }

    /// <summary>
    /// Waits until a scenario may start and returns what ends its turn. On the stand-ins each collection has stand-ins
    /// of its own and every scenario its own topic, so scenarios of the collections run side by side; on a real namespace
    /// every scenario reads the one configured topic, so they take turns over all collections.
    /// </summary>
    public async Task<IDisposable> TakeTurnAsync()
    {
        if (ServiceBusStandIn is not null)
            return NoTurn.Instance;
        await RealNamespaceTurn.WaitAsync();
        return new Turn();
    }

    private sealed class Turn : IDisposable
    {
        private int ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref ended, 1) == 0)
                RealNamespaceTurn.Release();
        }
    }

    private sealed class NoTurn : IDisposable
    {
        public static readonly NoTurn Instance = new();

        public void Dispose()
        {
        }
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

    /// <summary>
    /// The subscriptions the backfill scenarios use, with the rules docs/backfill.md prescribes (correlation filters, no
    /// type filter): <c>Target</c> (sessions on) and <c>Log</c> (sessions off) take live messages and a backfill meant
    /// for them; <c>LiveOnly</c> (sessions off) takes live messages only. Added on the stand-in; on a real namespace the
    /// ones named by <c>CHANGEFEED_E2E_BACKFILL_SUBSCRIPTION</c>, <c>..._BACKFILL_LOG_SUBSCRIPTION</c> and
    /// <c>..._LIVE_SUBSCRIPTION</c> (README.md).
    /// </summary>
    public BackfillSubscriptions BackfillSubscriptionsFor(string topic)
    {
        if (ServiceBusStandIn is null)
        {
            return new BackfillSubscriptions(
                Variable(BackfillSubscriptionVariable, "backfill-target"), Variable(BackfillLogSubscriptionVariable, "backfill-log"), Variable(LiveSubscriptionVariable, "live-only"));
        }

        var live = new StandInCorrelationFilter { ApplicationProperties = new Dictionary<string, object> { ["changefeed_delivery"] = "live" } };
        StandInCorrelationFilter BackfillFor(string name) =>
            new() { To = name, ApplicationProperties = new Dictionary<string, object> { ["changefeed_delivery"] = "backfill" } };
        ServiceBusStandIn.Topic(topic)
            .AddSubscription("backfill-target", requiresSession: true, rules: [live, BackfillFor("backfill-target")])
            .AddSubscription("backfill-log", rules: [live, BackfillFor("backfill-log")])
            .AddSubscription("live-only", rules: [live]);
        return new BackfillSubscriptions("backfill-target", "backfill-log", "live-only");
    }

    private static string Variable(string name, string fallback) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : fallback;

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

/// <summary>Most scenarios, one after another, on stand-ins of their own (a Service Bus outage stops its stand-in).</summary>
[CollectionDefinition(Name)]
public sealed class EndToEndSuite : ICollectionFixture<Targets>
{
    public const string Name = "end to end";
}

/// <summary>
/// The scale-out scenarios (several host processes, each with its own CPU), one after another on stand-ins of their own,
/// side by side with <see cref="EndToEndSuite"/>: xUnit runs the two collections at once (README.md, "Against the stand-ins").
/// </summary>
[CollectionDefinition(Name)]
public sealed class ScaleOutSuite : ICollectionFixture<Targets>
{
    public const string Name = "end to end, scale-out";
}

/// <summary>
/// The scenarios that time a stop (Ctrl+C within 2 s) on stand-ins of their own, run alone after the two collections
/// above: side by side with the scale-out scenarios (load average ~19 on 2 cores) a process exit took 2.4 s by the test's
/// clock although the host had stopped in 0.9 s.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimedStopSuite : ICollectionFixture<Targets>
{
    public const string Name = "end to end, timed stops";
}

/// <summary>A backfill's target (sessions on), a session-less subscription that also takes its own backfill, and one that takes live messages only.</summary>
public sealed record BackfillSubscriptions(string Target, string Log, string LiveOnly);

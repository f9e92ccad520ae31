using System.Text.Json;
using System.Text.Json.Nodes;
using ChangeFeed.Cosmos.Outbox;
using ChangeFeed.Parking;
using ChangeFeed.ServiceBus;
using ChangeFeed.ServiceBus.Tests;
using ChangeFeed.StandIns.Cosmos;
using CloudNative.CloudEvents;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ChangeFeed.Orders.Tests;

/// <summary>
/// The orders example wired the way the Function App wires it: three routes (cdc on <c>orders</c>, outbox records
/// sharing the <c>orders</c> container, an event store), the real relay and publisher, a Service Bus client whose
/// senders capture the messages, and the <c>orders</c> container on Cosmos DB (the stand-in, or the account in
/// <c>CHANGEFEED_E2E_COSMOS</c>) written by <see cref="OrderService"/> through the real <see cref="OutboxWriter"/>.
/// </summary>
internal sealed class ThreeModes : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 19, 51, 10, TimeSpan.Zero);

    private readonly ServiceProvider provider;
    private readonly Container container;
    private long lsn = 100;

    private ThreeModes(Container container)
    {
        this.container = container;
        var settings = new Dictionary<string, string?>
        {
            ["ChangeFeed:Account"] = "contoso",
            ["ChangeFeed:Routes:orders:Database"] = "changefeed",
            ["ChangeFeed:Routes:orders:Container"] = "orders",
            ["ChangeFeed:Routes:orders:Topic"] = "orders-cdc",
            ["ChangeFeed:Routes:orders:PartitionKeyPath"] = "/customerId",
            ["ChangeFeed:Routes:orders:TypeProperty"] = "kind",
            ["ChangeFeed:Routes:orders:TypePrefix"] = "com.contoso.orders.",
            ["ChangeFeed:Routes:outbox:Mode"] = "outbox",
            ["ChangeFeed:Routes:outbox:Database"] = "changefeed",
            ["ChangeFeed:Routes:outbox:Container"] = "orders",
            ["ChangeFeed:Routes:outbox:Topic"] = "orders-events",
            ["ChangeFeed:Routes:outbox:PartitionKeyPath"] = "/customerId",
            ["ChangeFeed:Routes:eventstore:Mode"] = "eventstore",
            ["ChangeFeed:Routes:eventstore:Database"] = "changefeed",
            ["ChangeFeed:Routes:eventstore:Container"] = "events",
            ["ChangeFeed:Routes:eventstore:Topic"] = "orders-stream",
            ["ChangeFeed:Routes:eventstore:PartitionKeyPath"] = "/streamId",
        };
        provider = new ServiceCollection()
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddChangeFeed(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddServiceBusPublisher()
            .AddSingleton<Azure.Messaging.ServiceBus.ServiceBusClient>(ServiceBus)
            .AddSingleton<IParkingLot>(Parked)
            .BuildServiceProvider(validateScopes: true);
        Orders = new OrderService(new OutboxWriter(container, new OutboxWriterOptions { PartitionKeyPath = "/customerId" }, new FakeTimeProvider(Now)), new FakeTimeProvider(Now));
    }

    public FakeServiceBusClient ServiceBus { get; } = new();

    public InMemoryParkingLot Parked { get; } = new();

    public OrderService Orders { get; }

    /// <summary>A new <c>orders</c> container (partition key <c>/customerId</c>) in a database of its own.</summary>
    public static async Task<ThreeModes> StartAsync(CosmosAccount account) =>
        new(await account.Cosmos.CreateContainerAsync($"orders-{Guid.NewGuid().ToString("N")[..8]}", "orders", "/customerId"));

    /// <summary>What the change feed of <c>orders</c> delivers from the beginning, as the relay receives it.</summary>
    public async Task<List<JsonElement>> ChangeFeedAsync()
    {
        using var feed = container.GetChangeFeedStreamIterator(ChangeFeedStartFrom.Beginning(), ChangeFeedMode.LatestVersion);
        return await feed.ReadDocumentsAsync();
    }

    /// <summary>A document as the change feed would deliver it (for changes this class does not write to Cosmos DB).</summary>
    public JsonElement Written(JsonElement document)
    {
        var node = JsonNode.Parse(document.GetRawText())!.AsObject();
        node["_rid"] = "rid==";
        node["_etag"] = "\"etag\"";
        node["_ts"] = Now.ToUnixTimeSeconds();
        node["_lsn"] = ++lsn;
        return JsonSerializer.Deserialize<JsonElement>(node.ToJsonString());
    }

    public Task<RelayResult> RelayAsync(string route, IReadOnlyList<JsonElement> changes) =>
        provider.GetRequiredService<Relay>().ProcessAsync(changes, route, CancellationToken.None);

    public IReadOnlyList<CloudEvent> Received(string topic) =>
        ServiceBus.Sent.Where(s => s.Topic == topic).Select(s => new EnvelopeDecoder().Decode(global::ChangeFeed.ServiceBus.Tests.Received.From(s.Message))).ToList();

    public ValueTask DisposeAsync() => provider.DisposeAsync();
}

using System.Text.Json;
using System.Text.Json.Nodes;
using ChangeFeed.Cosmos.Parking;
using ChangeFeed.Envelope;
using ChangeFeed.Parking;
using ChangeFeed.Publishing;
using ChangeFeed.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChangeFeed.Cosmos.Tests;

/// <summary>The real relay (route "orders", type from the 'type' property) over a recording publisher and the Cosmos parking lot.</summary>
internal sealed class RelayFixture : IDisposable
{
    private readonly ServiceProvider provider;

    public RelayFixture(InMemoryParkedContainer parked, CosmosParkingLotOptions? options = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ChangeFeed:Account"] = "contoso",
            ["ChangeFeed:Routes:orders:Database"] = "shop",
            ["ChangeFeed:Routes:orders:Container"] = "orders",
            ["ChangeFeed:Routes:orders:Topic"] = "orders",
            ["ChangeFeed:Routes:orders:PartitionKeyPath"] = "/customerId",
            ["ChangeFeed:Routes:orders:TypeProperty"] = "type",
            ["ChangeFeed:Routes:invoices:Database"] = "shop",
            ["ChangeFeed:Routes:invoices:Container"] = "invoices",
            ["ChangeFeed:Routes:invoices:Topic"] = "invoices",
            ["ChangeFeed:Routes:invoices:PartitionKeyPath"] = "/customerId",
            ["ChangeFeed:Routes:invoices:TypeProperty"] = "type",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddChangeFeed(configuration);
        services.AddSingleton<IEventPublisher>(Publisher);
        services.AddSingleton<IParkingLot>(new CosmosParkingLot(parked.Container, options ?? new CosmosParkingLotOptions { Database = "shop" }));
        provider = services.BuildServiceProvider();
        Replayer = new ParkedChangeReplayer(parked.Container, Relay, provider.GetRequiredService<RouteCatalog>());
    }

    public RecordingPublisher Publisher { get; } = new();

    public Relay Relay => provider.GetRequiredService<Relay>();

    public ParkedChangeReplayer Replayer { get; }

    public void Dispose() => provider.Dispose();

    public static JsonElement Change(string id, long lsn, string? type = "order", string customerId = "customer-1")
    {
        var document = new JsonObject { ["id"] = id, ["customerId"] = customerId, ["_lsn"] = lsn, ["_ts"] = 1_764_000_000 };
        if (type is not null)
            document["type"] = type;
        return JsonSerializer.Deserialize<JsonElement>(document.ToJsonString());
    }
}

internal sealed class RecordingPublisher : IEventPublisher
{
    public List<IntegrationEvent> Published { get; } = [];

    public Exception? FailWith { get; set; }

    public Task<PublishResult> PublishAsync(IReadOnlyList<IntegrationEvent> events, CancellationToken cancellationToken)
    {
        if (FailWith is { } failure)
            throw failure;
        Published.AddRange(events);
        return Task.FromResult(new PublishResult(events.Count, 1, []));
    }
}

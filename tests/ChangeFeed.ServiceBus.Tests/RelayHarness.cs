using System.Text.Json;
using Azure.Messaging.ServiceBus;
using ChangeFeed.Parking;
using ChangeFeed.Publishing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChangeFeed.ServiceBus.Tests;

/// <summary>The real relay and publisher, wired as a host wires them, over a fake Service Bus client.</summary>
internal sealed class RelayHarness : IAsyncDisposable
{
    private readonly ServiceProvider provider;

    public RelayHarness(long batchLimit = 256 * 1024, Action<Dictionary<string, string?>>? settings = null, IClaimCheckStore? claimCheck = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["ChangeFeed:Account"] = "contoso",
            ["ChangeFeed:Routes:orders:Database"] = "shop",
            ["ChangeFeed:Routes:orders:Container"] = "orders",
            ["ChangeFeed:Routes:orders:Topic"] = "orders-cdc",
            ["ChangeFeed:Routes:orders:PartitionKeyPath"] = "/customerId",
            ["ChangeFeed:Routes:orders:EventType"] = "com.contoso.orders.order",
            ["ChangeFeed:Routes:orders:SoftDeleteProperty"] = "isDeleted",
        };
        settings?.Invoke(values);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        Client = new FakeServiceBusClient(batchLimit);
        var services = new ServiceCollection()
            .AddSingleton<Microsoft.Extensions.Logging.ILoggerFactory>(NullLoggerFactory.Instance)
            .AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>))
            .AddChangeFeed(configuration)
            .AddServiceBusPublisher()
            .AddSingleton<ServiceBusClient>(Client)
            .AddSingleton<IParkingLot>(ParkingLot);
        if (claimCheck is not null)
            services.AddSingleton(claimCheck);
        provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        Relay = provider.GetRequiredService<Relay>();
        Published = new MetricCollector<long>(provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), "ChangeFeed", "changefeed.events.published");
        ClaimChecked = new MetricCollector<long>(provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), "ChangeFeed", "changefeed.events.claimchecked");
        Parked = new MetricCollector<long>(provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), "ChangeFeed", "changefeed.changes.parked");
        Failed = new MetricCollector<long>(provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), "ChangeFeed", "changefeed.relays.failed");
    }

    public FakeServiceBusClient Client { get; }

    public InMemoryParkingLot ParkingLot { get; } = new();

    public Relay Relay { get; }

    /// <summary>How a host reads a batch before the relay.</summary>
    public ChangeFeed.Reading.ChangeReader Reader => provider.GetRequiredService<ChangeFeed.Reading.ChangeReader>();

    public MetricCollector<long> Published { get; }

    public MetricCollector<long> ClaimChecked { get; }

    public MetricCollector<long> Parked { get; }

    public MetricCollector<long> Failed { get; }

    public Task<RelayResult> ProcessAsync(params JsonElement[] changes) => Relay.ProcessAsync(changes, "orders", CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        Published.Dispose();
        ClaimChecked.Dispose();
        Parked.Dispose();
        Failed.Dispose();
        await provider.DisposeAsync();
    }
}

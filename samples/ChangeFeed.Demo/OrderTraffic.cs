using System.Globalization;
using ChangeFeed.Cosmos.Outbox;
using ChangeFeed.Orders;
using Microsoft.Azure.Cosmos;

namespace ChangeFeed.Demo;

/// <summary>
/// Writes orders both ways, a round at a time: one placed and shipped through <see cref="OrderService"/> (entity and
/// outbox record in one transactional batch: two outbox events), and one saved as a plain document in the watched
/// <c>orders</c> container (one change data capture event).
/// </summary>
internal sealed class OrderTraffic(CosmosClient client)
{
    private static readonly string[] Customers = ["alice", "bob", "carol"];
    private readonly OrderService service = new(
        new OutboxWriter(client.GetContainer(DemoTopology.Database, DemoTopology.OutboxContainer), new OutboxWriterOptions { PartitionKeyPath = DemoTopology.PartitionKeyPath }),
        TimeProvider.System);
    private readonly Container orders = client.GetContainer(DemoTopology.Database, DemoTopology.CdcContainer);
    private int round;

    /// <summary>Events one round makes: two on the outbox route, one on the change data capture route.</summary>
    public const int EventsPerRound = 3;

    public async Task WriteRoundAsync(CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref round);
        var customer = Customers[n % Customers.Length];
        var lines = new[] { new OrderLine($"SKU-{n % 7}", 1 + (n % 3), 9.5m) };
        var placed = await service.PlaceAsync(Id("outbox", n), customer, lines, cancellationToken);
        await service.ShipAsync(placed, "DHL", cancellationToken);
        // A plain document, as any application writes one: the relay's change data capture route turns it into an event.
        var document = new { id = Id("doc", n), customerId = customer, lines, status = "placed", total = lines.Sum(line => line.Quantity * line.UnitPrice) };
        await orders.UpsertItemAsync(document, new PartitionKey(customer), cancellationToken: cancellationToken);
    }

    /// <summary>Writes rounds until cancelled: three at once, then one every <paramref name="interval"/>.</summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        try
        {
            for (var i = 0; i < 3; i++)
                await WriteRoundAsync(cancellationToken);
            using var timer = new PeriodicTimer(interval);
            while (await timer.WaitForNextTickAsync(cancellationToken))
                await WriteRoundAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static string Id(string way, int n) => string.Create(CultureInfo.InvariantCulture, $"order-{way}-{n:D3}");
}

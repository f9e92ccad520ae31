using System.Net;
using ChangeFeed.Cosmos.Outbox;
using ChangeFeed.StandIns.Cosmos;
using Microsoft.Azure.Cosmos;

namespace ChangeFeed.Orders.Tests;

/// <summary>
/// All-or-nothing, checked against Cosmos DB through <see cref="OrderService"/>: on the local stand-in by default, on
/// the official emulator or an Azure account when <c>CHANGEFEED_E2E_COSMOS</c> holds its connection string.
/// </summary>
public class outbox_batches_are_atomic(CosmosAccount account) : IClassFixture<CosmosAccount>
{
    private static readonly OrderLine[] Lines = [new("A-1", 1, 10m)];

    [Fact]
    public async Task A_conflicting_batch_writes_neither_the_entity_nor_its_event()
    {
        var (orders, container) = await OrdersAsync();
        var placed = await orders.PlaceAsync("order-1", "customer-1", Lines, CancellationToken.None);

        // The same order id again: the entity create conflicts, so its outbox record must not be written either.
        var error = await Assert.ThrowsAsync<OutboxWriteException>(() =>
            orders.PlaceAsync("order-1", "customer-1", [new OrderLine("B-2", 5, 99m)], CancellationToken.None));

        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Equal(0, error.FailedOperation);
        Assert.Equal([placed.EventId], await RecordIdsAsync(container));
        var order = await container.ReadItemAsync<Order>("order-1", new PartitionKey("customer-1"));
        Assert.Equal("A-1", Assert.Single(order.Resource.Lines).Sku);
    }

    [Fact]
    public async Task Shipping_an_order_changed_since_it_was_read_writes_neither_the_shipment_nor_its_event()
    {
        var (orders, container) = await OrdersAsync();
        var placed = await orders.PlaceAsync("order-1", "customer-1", Lines, CancellationToken.None);
        await container.PatchItemAsync<Order>("order-1", new PartitionKey("customer-1"), [PatchOperation.Set("/status", "on hold")]); // a concurrent change

        var error = await Assert.ThrowsAsync<OutboxWriteException>(() => orders.ShipAsync(placed, "DHL", CancellationToken.None));

        Assert.Equal(HttpStatusCode.PreconditionFailed, error.StatusCode);
        Assert.Equal("on hold", (await container.ReadItemAsync<Order>("order-1", new PartitionKey("customer-1"))).Resource.Status);
        Assert.Equal([placed.EventId], await RecordIdsAsync(container));
    }

    [Fact]
    public async Task Shipping_the_order_as_it_was_placed_commits_the_shipment_and_its_event()
    {
        var (orders, container) = await OrdersAsync();
        var placed = await orders.PlaceAsync("order-1", "customer-1", Lines, CancellationToken.None);

        var shipped = await orders.ShipAsync(placed, "DHL", CancellationToken.None);

        var order = await container.ReadItemAsync<Order>("order-1", new PartitionKey("customer-1"));
        Assert.Equal("shipped", order.Resource.Status);
        Assert.Equal(order.ETag, shipped.ETag);
        Assert.Equal(new[] { placed.EventId, shipped.EventId }.Order(), (await RecordIdsAsync(container)).Order());
    }

    private async Task<(OrderService Orders, Container Container)> OrdersAsync()
    {
        var container = await account.Cosmos.CreateContainerAsync($"atomicity-{Guid.NewGuid():N}", "orders", "/customerId");
        return (new OrderService(new OutboxWriter(container, new OutboxWriterOptions { PartitionKeyPath = "/customerId" }), TimeProvider.System), container);
    }

    private static async Task<List<string>> RecordIdsAsync(Container container)
    {
        // The partition key in the filter too: the stand-in answers a single-partition query only when its text names it.
        var query = new QueryDefinition("SELECT c.id FROM c WHERE c.customerId = 'customer-1' AND c.kind = 'outbox'");
        using var iterator = container.GetItemQueryStreamIterator(query, requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey("customer-1") });
        return [.. (await iterator.ReadDocumentsAsync()).Select(r => r.GetProperty("id").GetString()!)];
    }
}

using System.Net;
using ChangeFeed.Cosmos.Outbox;
using ChangeFeed.StandIns.Cosmos;
using Microsoft.Azure.Cosmos;

namespace ChangeFeed.Orders.Tests;

/// <summary>
/// All-or-nothing, checked against Cosmos DB itself. Needs an account that runs transactional batches: the official
/// emulator or Azure, named by <c>CHANGEFEED_E2E_COSMOS</c> (a connection string). The local stand-in cannot run
/// batches, so without that variable the test reports itself skipped and says why.
/// </summary>
public class outbox_batches_are_atomic_on_a_real_account
{
    private const string Variable = "CHANGEFEED_E2E_COSMOS";

    [SkippableFact]
    public async Task A_conflicting_batch_writes_neither_the_entity_nor_its_event()
    {
        Skip.If(string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)),
            $"{Variable} is not set: transactional batches need the official Cosmos DB emulator or an Azure account (the local stand-in does not run them).");

        await using var cosmos = await CosmosStandIn.StartAsync();
        var container = await cosmos.CreateContainerAsync($"atomicity-{Guid.NewGuid():N}", "orders", "/customerId");
        var orders = new OrderService(new OutboxWriter(container, new OutboxWriterOptions { PartitionKeyPath = "/customerId" }), TimeProvider.System);
        await orders.PlaceAsync("order-1", "customer-1", [new OrderLine("A-1", 1, 10m)], CancellationToken.None);

        // The same order id again: the entity create conflicts, so its outbox record must not be written either.
        var error = await Assert.ThrowsAsync<OutboxWriteException>(() =>
            orders.PlaceAsync("order-1", "customer-1", [new OrderLine("B-2", 5, 99m)], CancellationToken.None));

        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Equal(0, error.FailedOperation);
        var records = await CountAsync(container, "SELECT VALUE COUNT(1) FROM c WHERE c.kind = 'outbox'");
        var order = await container.ReadItemAsync<Order>("order-1", new PartitionKey("customer-1"));
        Assert.Equal(1, records);
        Assert.Equal("A-1", Assert.Single(order.Resource.Lines).Sku);
    }

    private static async Task<int> CountAsync(Container container, string query)
    {
        using var iterator = container.GetItemQueryIterator<int>(query, requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey("customer-1") });
        var total = 0;
        while (iterator.HasMoreResults)
            total += (await iterator.ReadNextAsync()).Sum();
        return total;
    }
}

using System.Text.Json;
using ChangeFeed.Cosmos.Outbox;
using ChangeFeed.StandIns.Cosmos;
using Microsoft.Azure.Cosmos;

namespace ChangeFeed.Cosmos.Tests.Outbox;

/// <summary>
/// A Cosmos DB account for one test class: the local stand-in, or the account in <c>CHANGEFEED_E2E_COSMOS</c>; one
/// container shaped like <c>orders</c> (entities and outbox records together, partition key <c>/customerId</c>).
/// Tests keep apart by partition key.
/// </summary>
public sealed class OutboxAccount : IAsyncLifetime
{
    private CosmosStandIn? cosmos;
    private Container? container;

    public Container Container => container ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        cosmos = await CosmosStandIn.StartAsync();
        container = await cosmos.CreateContainerAsync($"outbox-{Guid.NewGuid().ToString("N")[..8]}", "orders", "/customerId");
    }

    public async Task DisposeAsync()
    {
        if (cosmos is not null)
            await cosmos.DisposeAsync();
    }

    public OutboxWriter Writer(TimeProvider? timeProvider = null) =>
        new(Container, new OutboxWriterOptions { PartitionKeyPath = "/customerId" }, timeProvider ?? TimeProvider.System);

    public static string NewPartitionKey() => "customer-" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>Every document of one partition key as stored, by id.</summary>
    public async Task<Dictionary<string, JsonElement>> DocumentsAsync(string partitionKey)
    {
        // The key in the filter too: the stand-in answers a single-partition query only when its text names the key.
        var byKey = new QueryDefinition("SELECT * FROM c WHERE c.customerId = @key").WithParameter("@key", partitionKey);
        using var query = Container.GetItemQueryStreamIterator(byKey, requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(partitionKey) });
        return (await query.ReadDocumentsAsync()).ToDictionary(d => d.GetProperty("id").GetString()!, StringComparer.Ordinal);
    }

    /// <summary>
    /// A change feed reader of one partition key positioned now (its first, empty read fixes "now"): the next pages
    /// are what a relay would read after this point.
    /// </summary>
    public async Task<FeedIterator> ChangesFromNowAsync(string partitionKey, int pageSize = 1)
    {
        var changes = Container.GetChangeFeedStreamIterator(
            ChangeFeedStartFrom.Now(FeedRange.FromPartitionKey(new PartitionKey(partitionKey))),
            ChangeFeedMode.LatestVersion,
            new ChangeFeedRequestOptions { PageSizeHint = pageSize });
        Assert.Empty(await changes.ReadPageAsync());
        return changes;
    }
}

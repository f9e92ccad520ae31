using System.Net;
using Microsoft.Azure.Cosmos;

namespace ChangeFeed.StandIns.Cosmos.Tests;

public sealed class items_crud_and_missing_item_404(StandInFixture fixture) : IClassFixture<StandInFixture>
{
    [Fact]
    public async Task create_read_replace_upsert_delete_round_trip_with_increasing_lsn()
    {
        var container = await fixture.NewContainerAsync();
        var created = (await container.CreateItemAsync(new Doc("a", "p1", 1), new PartitionKey("p1"))).Resource;
        var read = (await container.ReadItemAsync<Doc>("a", new PartitionKey("p1"))).Resource;
        var replaced = (await container.ReplaceItemAsync(read with { N = 2 }, "a", new PartitionKey("p1"))).Resource;
        var upserted = (await container.UpsertItemAsync(new Doc("a", "p1", 3), new PartitionKey("p1"))).Resource;

        Assert.Equal(created, read);
        Assert.Equal(2, replaced.N);
        Assert.Equal(3, upserted.N);
        Assert.True(created.Lsn > 0);
        Assert.True(replaced.Lsn > created.Lsn && upserted.Lsn > replaced.Lsn);

        var deleted = await container.DeleteItemAsync<Doc>("a", new PartitionKey("p1"));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    [Fact]
    public async Task a_container_read_with_quota_info_reports_how_many_documents_it_holds()
    {
        var container = await fixture.NewContainerAsync();
        for (var i = 0; i < 7; i++)
            await container.CreateItemAsync(new Doc($"d-{i}", "p1", i), new PartitionKey("p1"));
        await container.DeleteItemAsync<Doc>("d-3", new PartitionKey("p1"));

        using var withQuota = await container.ReadContainerStreamAsync(new ContainerRequestOptions { PopulateQuotaInfo = true });
        using var without = await container.ReadContainerStreamAsync();

        Assert.Contains("documentsCount=6;", withQuota.Headers["x-ms-resource-usage"], StringComparison.Ordinal);
        Assert.Null(without.Headers["x-ms-resource-usage"]);
    }

    [Fact]
    public async Task reading_a_missing_item_is_404()
    {
        var container = await fixture.NewContainerAsync();
        await container.CreateItemAsync(new Doc("present", "p1", 1), new PartitionKey("p1"));

        var missing = await Assert.ThrowsAsync<CosmosException>(() => container.ReadItemAsync<Doc>("absent", new PartitionKey("p1")));
        var wrongKey = await Assert.ThrowsAsync<CosmosException>(() => container.ReadItemAsync<Doc>("present", new PartitionKey("p2")));
        using var stream = await container.ReadItemStreamAsync("absent", new PartitionKey("p1"));

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, stream.StatusCode);
    }

    [Fact]
    public async Task conflicts_and_stale_etags_are_409_and_412()
    {
        var container = await fixture.NewContainerAsync();
        var first = await container.CreateItemAsync(new Doc("a", "p1", 1), new PartitionKey("p1"));
        await container.ReplaceItemAsync(new Doc("a", "p1", 2), "a", new PartitionKey("p1"));

        var conflict = await Assert.ThrowsAsync<CosmosException>(() => container.CreateItemAsync(new Doc("a", "p1", 1), new PartitionKey("p1")));
        var stale = await Assert.ThrowsAsync<CosmosException>(() => container.ReplaceItemAsync(
            new Doc("a", "p1", 3), "a", new PartitionKey("p1"), new ItemRequestOptions { IfMatchEtag = first.ETag }));

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
    }

    [Fact]
    public async Task cross_partition_query_sees_every_item()
    {
        var container = await fixture.NewContainerAsync();
        for (var i = 0; i < 5; i++)
        {
            await container.CreateItemAsync(new Doc($"d{i}", $"p{i % 2}", i), new PartitionKey($"p{i % 2}"));
        }

        var found = new List<Doc>();
        using var query = container.GetItemQueryIterator<Doc>("SELECT * FROM c WHERE c.n >= 1 ORDER BY c.n");
        while (query.HasMoreResults)
        {
            found.AddRange(await query.ReadNextAsync());
        }

        Assert.Equal([1, 2, 3, 4], found.Select(d => d.N));
    }
}

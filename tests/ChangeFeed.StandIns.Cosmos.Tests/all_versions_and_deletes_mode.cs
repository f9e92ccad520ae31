using System.Collections.Concurrent;
using System.Net;
using Microsoft.Azure.Cosmos;

namespace ChangeFeed.StandIns.Cosmos.Tests;

public sealed class all_versions_and_deletes_mode(StandInFixture fixture) : IClassFixture<StandInFixture>
{
    private static async Task<List<ChangeFeedItem<Doc>>> DrainAsync(FeedIterator<ChangeFeedItem<Doc>> feed)
    {
        var changes = new List<ChangeFeedItem<Doc>>();
        while (true)
        {
            var page = await feed.ReadNextAsync();
            if (page.StatusCode == HttpStatusCode.NotModified)
            {
                return changes;
            }

            changes.AddRange(page);
        }
    }

    private static async Task CreateReplaceDeleteAsync(Container container, string id)
    {
        await container.CreateItemAsync(new Doc(id, "p", 1), new PartitionKey("p"));
        await container.ReplaceItemAsync(new Doc(id, "p", 2), id, new PartitionKey("p"));
        await container.DeleteItemAsync<Doc>(id, new PartitionKey("p"));
    }

    private static void AssertCreateReplaceDelete(IReadOnlyList<ChangeFeedItem<Doc>> changes)
    {
        Assert.Equal(
            [ChangeFeedOperationType.Create, ChangeFeedOperationType.Replace, ChangeFeedOperationType.Delete],
            changes.Select(c => c.Metadata.OperationType));
        var (create, replace, delete) = (changes[0], changes[1], changes[2]);
        Assert.Equal(1, create.Current.N);
        Assert.Null(create.Previous);
        Assert.Equal(2, replace.Current.N);
        Assert.Equal(1, replace.Previous.N);
        Assert.Equal(create.Metadata.Lsn, replace.Metadata.PreviousLsn);
        Assert.Null(delete.Current);
        Assert.Equal(2, delete.Previous.N);
        Assert.Equal(replace.Metadata.Lsn, delete.Metadata.PreviousLsn);
        Assert.True(create.Metadata.Lsn < replace.Metadata.Lsn && replace.Metadata.Lsn < delete.Metadata.Lsn);
        Assert.All(changes, c => Assert.Equal(create.Current.Id, c.Metadata.Id));
        Assert.All(changes, c => Assert.Equal("p", c.Metadata.PartitionKey["pk"]));
        Assert.All(changes, c => Assert.True(DateTime.UtcNow - c.Metadata.ConflictResolutionTimestamp < TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task the_iterator_delivers_create_replace_and_delete_with_metadata_and_resumes()
    {
        var container = await fixture.NewContainerAsync();
        await container.CreateItemAsync(new Doc("earlier", "p", 0), new PartitionKey("p"));
        using var feed = container.GetChangeFeedIterator<ChangeFeedItem<Doc>>(ChangeFeedStartFrom.Now(), ChangeFeedMode.AllVersionsAndDeletes);
        var beforeWrites = await DrainAsync(feed);

        await CreateReplaceDeleteAsync(container, "a");
        var changes = await DrainAsync(feed);
        var next = await feed.ReadNextAsync();
        await container.CreateItemAsync(new Doc("b", "p", 3), new PartitionKey("p"));
        using var resumed = container.GetChangeFeedIterator<ChangeFeedItem<Doc>>(
            ChangeFeedStartFrom.ContinuationToken(next.ContinuationToken), ChangeFeedMode.AllVersionsAndDeletes);
        var afterResume = await DrainAsync(resumed);

        Assert.Empty(beforeWrites);
        AssertCreateReplaceDelete(changes);
        Assert.Equal(["b"], afterResume.Select(c => c.Current.Id));
    }

    [Fact]
    public async Task the_processor_delivers_create_replace_and_delete_with_metadata()
    {
        var container = await fixture.NewContainerAsync();
        var leases = await fixture.StandIn.CreateLeaseContainerAsync(container.Database.Id);
        var seen = new ConcurrentQueue<ChangeFeedItem<Doc>>();
        var processor = container
            .GetChangeFeedProcessorBuilderWithAllVersionsAndDeletes<Doc>("relay", (_, changes, _) =>
            {
                foreach (var change in changes)
                {
                    seen.Enqueue(change);
                }

                return Task.CompletedTask;
            })
            .Fast(leases);
        await processor.StartAsync();

        // All versions and deletes starts from "now" once the lease is taken: write until the processor sees one.
        var warmUp = 0;
        await Eventually.HoldsAsync(
            async () =>
            {
                await container.UpsertItemAsync(new Doc($"warm-up-{warmUp++}", "w", 0), new PartitionKey("w"));
                await Task.Delay(100);
                return !seen.IsEmpty;
            },
            "processor running");
        await CreateReplaceDeleteAsync(container, "a");
        await Eventually.HoldsAsync(() => seen.Count(c => c.Metadata.Id == "a") >= 3, "3 changes of a");
        await processor.StopAsync();

        AssertCreateReplaceDelete(seen.Where(c => c.Metadata.Id == "a").ToList());
    }
}

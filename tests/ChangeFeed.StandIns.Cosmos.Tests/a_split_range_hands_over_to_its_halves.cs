using System.Collections.Concurrent;
using System.Net;
using Microsoft.Azure.Cosmos;
using Newtonsoft.Json.Linq;

namespace ChangeFeed.StandIns.Cosmos.Tests;

/// <summary>
/// A live split: the range answers 410 Gone with substatus 1002 from then on, the ranges endpoint lists its halves
/// with it as parent, and the SDK's own split handling (iterator, queries, change feed processor) carries on from the
/// parent's continuation without losing or reordering anything.
/// </summary>
public sealed class a_split_range_hands_over_to_its_halves : IAsyncLifetime
{
    private static readonly DateTime Beginning = DateTime.MinValue.ToUniversalTime();
    private CosmosStandIn standIn = null!;

    public async Task InitializeAsync() => standIn = await CosmosStandIn.StartAsync(new CosmosStandInOptions { LogRequests = true });

    public async Task DisposeAsync() => await standIn.DisposeAsync();

    private Task<Container> NewPartitionedAsync(int ranges) =>
        standIn.CreatePartitionedContainerAsync(StandInFixture.NewDatabaseId(), "items", "/pk", ranges);

    private static IEnumerable<Doc> Docs(string prefix, int keys, int perKey) =>
        Enumerable.Range(1, perKey).SelectMany(n => Enumerable.Range(0, keys).Select(k => new Doc($"{prefix}{k}-{n}", $"k{k}", n)));

    [Fact]
    public async Task the_ranges_endpoint_lists_the_two_halves_with_their_parent()
    {
        var items = await NewPartitionedAsync(2);

        var children = await standIn.SplitAsync(items, "1");
        using var fresh = standIn.CreateClient();
        var bounds = (await fresh.GetContainer(items.Database.Id, items.Id).GetFeedRangesAsync())
            .Select(feed_ranges_spread_documents_by_partition_key.Bounds).OrderBy(b => b.Min, StringComparer.Ordinal).ToList();

        Assert.Equal(["2", "3"], children);
        Assert.Equal(3, bounds.Count);
        Assert.Equal(("20000000000000000000000000000000", "30000000000000000000000000000000"), bounds[1]);
        Assert.Equal(("30000000000000000000000000000000", "FF"), bounds[2]);
        await Assert.ThrowsAsync<CosmosStandInException>(() => standIn.SplitAsync(items, "1")); // gone already
    }

    [Fact]
    public async Task an_iterator_reading_the_parent_goes_on_in_the_halves_from_where_it_was()
    {
        var items = await NewPartitionedAsync(1);
        await items.WriteAsync(Docs("a", keys: 20, perKey: 5));
        var seen = new List<Doc>();
        using var feed = items.GetChangeFeedIterator<Doc>(
            ChangeFeedStartFrom.Beginning(), ChangeFeedMode.LatestVersion, new ChangeFeedRequestOptions { PageSizeHint = 30 });
        seen.AddRange(await feed.ReadNextAsync()); // 30 of the 100, then the range splits under the iterator

        await standIn.SplitAsync(items, "0");
        await items.WriteAsync(Docs("b", keys: 20, perKey: 2));
        while (true)
        {
            var page = await feed.ReadNextAsync();
            if (page.StatusCode == HttpStatusCode.NotModified && seen.Count >= 140)
            {
                break;
            }

            seen.AddRange(page);
        }

        Assert.Equal(140, seen.Count);
        Assert.Equal(140, seen.Select(d => d.Id).Distinct().Count());
        Assert.All(seen.GroupBy(d => d.Pk), key => Assert.Equal(key.Select(d => d.Lsn).Order(), key.Select(d => d.Lsn)));
        Assert.Contains("-> 410/1002", standIn.StandardError, StringComparison.Ordinal); // the parent answered Gone
    }

    [Fact]
    public async Task a_query_after_the_split_finds_every_document_once()
    {
        var items = await NewPartitionedAsync(4);
        var docs = Docs("a", keys: 40, perKey: 2).ToList();
        await items.WriteAsync(docs);
        Assert.Equal(docs.Count, await CountAsync(items)); // the client now caches four ranges

        await standIn.SplitAsync(items, "2");

        Assert.Equal(docs.Count, await CountAsync(items)); // the stale range answers 410/1002; the SDK re-plans on the halves
    }

    [Fact]
    public async Task a_change_feed_processor_splits_its_lease_and_delivers_everything_in_key_order()
    {
        var items = await NewPartitionedAsync(2);
        var leases = await standIn.CreateLeaseContainerAsync(items.Database.Id);
        var seen = new ConcurrentQueue<Doc>();
        var processor = items
            .GetChangeFeedProcessorBuilderWithManualCheckpoint<Doc>("relay", async (_, changes, checkpointAsync, _) =>
            {
                foreach (var doc in changes)
                {
                    seen.Enqueue(doc);
                }

                await checkpointAsync();
            })
            .WithStartTime(Beginning)
            .WithMaxItems(10)
            .Fast(leases);
        await processor.StartAsync();
        var first = Docs("a", keys: 30, perKey: 4).ToList();
        await items.WriteAsync(first);
        await Eventually.HoldsAsync(() => seen.Count >= 40, "some changes delivered before the split");

        var children = await standIn.SplitAsync(items, "0");
        var second = Docs("b", keys: 30, perKey: 2).ToList();
        await items.WriteAsync(second);
        await Eventually.HoldsAsync(() => seen.Select(d => d.Id).Distinct().Count() >= first.Count + second.Count, "every change delivered", timeoutSeconds: 60);
        await processor.StopAsync();

        var tokens = await LeaseTokensAsync(leases);
        var firstDeliveries = seen.DistinctBy(d => d.Id).ToList();
        Assert.Equal(first.Concat(second).Select(d => d.Id).Order(), firstDeliveries.Select(d => d.Id).Order());
        Assert.All(firstDeliveries.GroupBy(d => d.Pk), key => Assert.Equal(key.Select(d => d.Lsn).Order(), key.Select(d => d.Lsn)));
        Assert.Equal(["1", .. children], tokens.Order(StringComparer.Ordinal)); // the parent's lease was replaced by its halves'
    }

    private static async Task<int> CountAsync(Container items)
    {
        var count = 0;
        using var query = items.GetItemQueryIterator<Doc>("SELECT * FROM c");
        while (query.HasMoreResults)
        {
            count += (await query.ReadNextAsync()).Count;
        }

        return count;
    }

    private static async Task<List<string>> LeaseTokensAsync(Container leases)
    {
        var tokens = new List<string>();
        using var query = leases.GetItemQueryIterator<JObject>("SELECT * FROM c");
        while (query.HasMoreResults)
        {
            tokens.AddRange((await query.ReadNextAsync()).Where(l => l["LeaseToken"] is not null).Select(l => (string)l["LeaseToken"]!));
        }

        return tokens;
    }
}

using System.Net;
using Microsoft.Azure.Cosmos;
using Newtonsoft.Json.Linq;

namespace ChangeFeed.StandIns.Cosmos.Tests;

/// <summary>
/// A container made with several physical partitions: feed ranges covering the whole key space, each document in the
/// range the SDK itself computes for its partition key, and a change feed per range with its own LSNs.
/// </summary>
public sealed class feed_ranges_spread_documents_by_partition_key(StandInFixture fixture) : IClassFixture<StandInFixture>
{
    internal static Task<Container> NewPartitionedAsync(StandInFixture fixture, int ranges) =>
        fixture.StandIn.CreatePartitionedContainerAsync(StandInFixture.NewDatabaseId(), "items", "/pk", ranges);

    internal static (string Min, string Max) Bounds(FeedRange range)
    {
        var json = JObject.Parse(range.ToJsonString());
        return ((string)json["Range"]!["min"]!, (string)json["Range"]!["max"]!);
    }

    /// <summary>A feed range of effective partition keys [min, max), in the SDK's own JSON form.</summary>
    internal static FeedRange EpkRange(string min, string max) =>
        FeedRange.FromJsonString(new JObject { ["Range"] = new JObject { ["min"] = min, ["max"] = max } }.ToString());

    internal static async Task<List<Doc>> DrainAsync(Container container, FeedRange range, ChangeFeedMode? mode = null)
    {
        var docs = new List<Doc>();
        using var feed = container.GetChangeFeedIterator<Doc>(ChangeFeedStartFrom.Beginning(range), mode ?? ChangeFeedMode.LatestVersion);
        while (true)
        {
            var page = await feed.ReadNextAsync();
            if (page.StatusCode == HttpStatusCode.NotModified)
            {
                return docs;
            }

            docs.AddRange(page);
        }
    }

    [Fact]
    public async Task eight_physical_partitions_are_eight_contiguous_feed_ranges_over_the_whole_key_space()
    {
        var container = await NewPartitionedAsync(fixture, 8);

        var bounds = (await container.GetFeedRangesAsync()).Select(Bounds).OrderBy(b => b.Min, StringComparer.Ordinal).ToList();

        Assert.Equal(8, bounds.Count);
        Assert.Equal("", bounds[0].Min);
        Assert.Equal("FF", bounds[^1].Max);
        Assert.All(bounds.Zip(bounds.Skip(1)), pair => Assert.Equal(pair.First.Max, pair.Second.Min));
    }

    [Fact]
    public async Task each_document_is_in_exactly_one_range_and_every_range_has_its_own_lsns()
    {
        var container = await NewPartitionedAsync(fixture, 4);
        var docs = Enumerable.Range(0, 200).Select(i => new Doc($"d{i}", $"key-{i % 50}", i)).ToList();
        await container.WriteAsync(docs);

        var perRange = new List<List<Doc>>();
        foreach (var range in await container.GetFeedRangesAsync())
        {
            perRange.Add(await DrainAsync(container, range));
        }

        var all = perRange.SelectMany(r => r).ToList();
        Assert.Equal(docs.Select(d => d.Id).Order(), all.Select(d => d.Id).Order());
        Assert.All(perRange, range => Assert.NotEmpty(range)); // 50 keys over 4 ranges: none is empty
        Assert.All(perRange, range => Assert.Equal(range.Select(d => d.Lsn).Order(), range.Select(d => d.Lsn)));
        Assert.All(perRange, range => Assert.Equal(range.Count, range.Max(d => d.Lsn))); // each range numbers its own writes 1..n
        Assert.All(docs.GroupBy(d => d.Pk), key => Assert.Single(perRange, range => range.Any(d => d.Pk == key.Key)));
    }

    [Fact]
    public async Task read_many_and_cross_partition_queries_find_every_document_once()
    {
        var container = await NewPartitionedAsync(fixture, 8);
        var docs = Enumerable.Range(0, 120).Select(i => new Doc($"d{i}", $"customer/{i % 40}/é{i % 7}", i)).ToList();
        await container.WriteAsync(docs);

        // ReadMany groups the keys by the range the SDK computes for them, then queries each range: a document the
        // stand-in placed elsewhere would be missing.
        var found = await container.ReadManyItemsAsync<Doc>([.. docs.Select(d => (d.Id, new PartitionKey(d.Pk)))]);
        var queried = new List<Doc>();
        using (var query = container.GetItemQueryIterator<Doc>("SELECT * FROM c"))
        {
            while (query.HasMoreResults)
            {
                queried.AddRange(await query.ReadNextAsync());
            }
        }

        Assert.Equal(docs.Select(d => d.Id).Order(), found.Select(d => d.Id).Order());
        Assert.Equal(docs.Select(d => d.Id).Order(), queried.Select(d => d.Id).Order());
    }

    [Fact]
    public async Task the_estimator_reports_each_lease_s_own_backlog_and_two_processors_share_the_leases()
    {
        var items = await NewPartitionedAsync(fixture, 4);
        var leases = await fixture.StandIn.CreateLeaseContainerAsync(items.Database.Id);
        var seen = 0;
        ChangeFeedProcessor Processor(string instance) => items
            .GetChangeFeedProcessorBuilder<Doc>("relay", (_, changes, _) =>
            {
                Interlocked.Add(ref seen, changes.Count);
                return Task.CompletedTask;
            })
            .WithStartTime(DateTime.MinValue.ToUniversalTime())
            .Fast(leases, instance);
        var estimator = items.GetChangeFeedEstimator("relay", leases);
        await items.WriteAsync(Enumerable.Range(0, 40).Select(i => new Doc($"a{i}", $"key-{i}", i)));
        var first = Processor("host-1");
        var second = Processor("host-2");
        await first.StartAsync();
        await second.StartAsync();
        await Eventually.HoldsAsync(async () => Volatile.Read(ref seen) >= 40 && await estimator.LagAsync() == 0, "40 processed and checkpointed on every lease");
        var owners = new List<string>();
        await Eventually.HoldsAsync(
            async () =>
            {
                owners.Clear();
                using var states = estimator.GetCurrentStateIterator();
                while (states.HasMoreResults)
                {
                    owners.AddRange((await states.ReadNextAsync()).Select(state => state.InstanceName));
                }

                return owners.Distinct().Count() == 2;
            },
            "both processors own leases");

        await first.StopAsync();
        await second.StopAsync();
        await items.WriteAsync(Enumerable.Range(0, 40).Select(i => new Doc($"b{i}", $"key-{i}", i)));
        var perLease = new List<long>();
        using (var states = estimator.GetCurrentStateIterator())
        {
            while (states.HasMoreResults)
            {
                perLease.AddRange((await states.ReadNextAsync()).Select(state => state.EstimatedLag));
            }
        }

        Assert.Equal(4, owners.Count);
        Assert.Equal(["host-1", "host-2"], owners.Distinct().Order());
        Assert.Equal(4, perLease.Count);
        Assert.Equal(40, perLease.Sum());
        Assert.All(perLease, lag => Assert.True(lag > 0, "40 keys over 4 ranges: every lease has a backlog"));
    }

    [Fact]
    public async Task a_feed_range_narrower_than_its_partition_reads_only_its_share()
    {
        var container = await NewPartitionedAsync(fixture, 2);
        await container.WriteAsync(Enumerable.Range(0, 100).Select(i => new Doc($"d{i}", $"k{i}", i)));
        var (min, max) = Bounds((await container.GetFeedRangesAsync()).OrderBy(r => Bounds(r).Min, StringComparer.Ordinal).First());
        const string Middle = "10000000000000000000000000000000"; // inside ["", "20000...")
        var whole = await DrainAsync(container, EpkRange(min, max));

        // The SDK sends the physical range's id plus x-ms-start-epk/x-ms-end-epk for a sub-range.
        var lower = await DrainAsync(container, EpkRange(min, Middle));
        var upper = await DrainAsync(container, EpkRange(Middle, max));

        Assert.NotEmpty(lower);
        Assert.NotEmpty(upper);
        Assert.Empty(lower.Select(d => d.Id).Intersect(upper.Select(d => d.Id)));
        Assert.Equal(whole.Select(d => d.Id).Order(), lower.Concat(upper).Select(d => d.Id).Order());
    }
}

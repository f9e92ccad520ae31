using System.Collections.Concurrent;
using System.Net;
using Microsoft.Azure.Cosmos;

namespace ChangeFeed.StandIns.Cosmos.Tests;

/// <summary>
/// A committed batch's writes reach change feed readers together: a page that would end inside a batch takes the rest
/// of it (the service keeps a transaction's changes in one page, even past the page size), each write with its LSN.
/// </summary>
public sealed class transactional_batch_appears_whole_in_the_change_feed(StandInFixture fixture) : IClassFixture<StandInFixture>
{
    private static readonly PartitionKey P1 = new("p1");

    private static async Task WriteBatchAsync(Container container, string prefix, int count)
    {
        var batch = container.CreateTransactionalBatch(P1);
        for (var i = 1; i <= count; i++)
            batch.CreateItem(new Doc($"{prefix}{i}", "p1", i));
        using var response = await batch.ExecuteAsync();
        Assert.True(response.IsSuccessStatusCode, response.ErrorMessage);
    }

    [Fact]
    public async Task a_page_never_ends_inside_a_batch()
    {
        var container = await fixture.NewContainerAsync();
        await container.CreateItemAsync(new Doc("before", "p1", 0), P1);
        await WriteBatchAsync(container, "t", 7);
        await container.CreateItemAsync(new Doc("after", "p1", 0), P1);

        var pages = new List<List<Doc>>();
        using var feed = container.GetChangeFeedIterator<Doc>(
            ChangeFeedStartFrom.Beginning(), ChangeFeedMode.LatestVersion, new ChangeFeedRequestOptions { PageSizeHint = 3 });
        while (true)
        {
            var page = await feed.ReadNextAsync();
            if (page.StatusCode == HttpStatusCode.NotModified)
                break;
            pages.Add([.. page]);
        }

        var batchPages = pages.Where(p => p.Any(d => d.Id.StartsWith('t'))).ToList();
        var inBatch = Assert.Single(batchPages).Where(d => d.Id.StartsWith('t')).ToList();
        Assert.Equal(Enumerable.Range(1, 7).Select(i => $"t{i}"), inBatch.Select(d => d.Id));
        Assert.Equal(7, inBatch.Select(d => d.Lsn).Distinct().Count());
        Assert.Equal(["before", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "after"], pages.SelectMany(p => p).Select(d => d.Id));
    }

    [Fact]
    public async Task the_change_feed_processor_hands_a_batch_over_in_one_call()
    {
        var (items, leases) = await fixture.NewMonitoredAsync();
        var calls = new ConcurrentQueue<string[]>();
        var processor = items.GetChangeFeedProcessorBuilder<Doc>("batches", (_, changes, _) =>
            {
                calls.Enqueue([.. changes.Select(d => d.Id)]);
                return Task.CompletedTask;
            })
            .WithMaxItems(2)
            .WithStartTime(DateTime.MinValue.ToUniversalTime())
            .Fast(leases);
        await processor.StartAsync();
        try
        {
            await WriteBatchAsync(items, "b", 5);
            await items.CreateItemAsync(new Doc("after", "p1", 0), P1);
            await Eventually.HoldsAsync(() => calls.SelectMany(c => c).Contains("after"), "the write after the batch delivered", timeoutSeconds: 60);
        }
        finally
        {
            await processor.StopAsync();
        }

        Assert.Contains(calls, c => c.SequenceEqual(["b1", "b2", "b3", "b4", "b5"]));
    }
}

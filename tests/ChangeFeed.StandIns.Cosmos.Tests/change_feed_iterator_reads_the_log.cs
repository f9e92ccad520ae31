using System.Net;
using Microsoft.Azure.Cosmos;

namespace ChangeFeed.StandIns.Cosmos.Tests;

public sealed class change_feed_iterator_reads_the_log(StandInFixture fixture) : IClassFixture<StandInFixture>
{
    private static async Task<(List<Doc> Docs, FeedResponse<Doc> Last)> DrainAsync(FeedIterator<Doc> feed)
    {
        var docs = new List<Doc>();
        while (true)
        {
            var page = await feed.ReadNextAsync();
            if (page.StatusCode == HttpStatusCode.NotModified)
            {
                return (docs, page);
            }

            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            docs.AddRange(page);
        }
    }

    private static async Task WriteAsync(Container container, params Doc[] docs)
    {
        foreach (var doc in docs)
        {
            await container.UpsertItemAsync(doc, new PartitionKey(doc.Pk));
        }
    }

    [Fact]
    public async Task writes_come_in_order_then_not_modified_then_new_writes()
    {
        var container = await fixture.NewContainerAsync();
        await WriteAsync(container, new Doc("a", "p1", 1), new Doc("b", "p2", 2), new Doc("c", "p1", 3));
        using var feed = container.GetChangeFeedIterator<Doc>(ChangeFeedStartFrom.Beginning(), ChangeFeedMode.LatestVersion);

        var (first, _) = await DrainAsync(feed);
        var nothingNew = await feed.ReadNextAsync();
        await WriteAsync(container, new Doc("d", "p2", 4), new Doc("a", "p1", 5));
        var (second, _) = await DrainAsync(feed);

        Assert.Equal(["a", "b", "c"], first.Select(d => d.Id));
        Assert.Equal(HttpStatusCode.NotModified, nothingNew.StatusCode);
        Assert.Equal(["d", "a"], second.Select(d => d.Id));
        Assert.Equal(5, second[1].N);
        Assert.True(feed.HasMoreResults);
    }

    [Fact]
    public async Task a_continuation_token_resumes_where_the_last_page_ended()
    {
        var container = await fixture.NewContainerAsync();
        await WriteAsync(container, Enumerable.Range(1, 5).Select(i => new Doc($"d{i}", "p", i)).ToArray());
        var pageOfTwo = new ChangeFeedRequestOptions { PageSizeHint = 2 };
        string continuation;
        using (var feed = container.GetChangeFeedIterator<Doc>(ChangeFeedStartFrom.Beginning(), ChangeFeedMode.LatestVersion, pageOfTwo))
        {
            var page = await feed.ReadNextAsync();
            Assert.Equal(["d1", "d2"], page.Select(d => d.Id));
            continuation = page.ContinuationToken;
        }

        using var resumed = container.GetChangeFeedIterator<Doc>(ChangeFeedStartFrom.ContinuationToken(continuation), ChangeFeedMode.LatestVersion);
        var (rest, last) = await DrainAsync(resumed);
        await WriteAsync(container, new Doc("d6", "p", 6));
        using var resumedAgain = container.GetChangeFeedIterator<Doc>(
            ChangeFeedStartFrom.ContinuationToken(last.ContinuationToken), ChangeFeedMode.LatestVersion);
        var (after, _) = await DrainAsync(resumedAgain);

        Assert.Equal(["d3", "d4", "d5"], rest.Select(d => d.Id));
        Assert.Equal(["d6"], after.Select(d => d.Id));
    }

    [Fact]
    public async Task latest_version_shows_each_item_once_at_its_newest_write_and_hides_deletes()
    {
        var container = await fixture.NewContainerAsync();
        await WriteAsync(container, new Doc("a", "p", 1), new Doc("b", "p", 2), new Doc("a", "p", 3), new Doc("c", "p", 4));
        await container.DeleteItemAsync<Doc>("b", new PartitionKey("p"));
        await container.PatchItemAsync<Doc>("c", new PartitionKey("p"), [PatchOperation.Set("/n", 5)]);
        using var feed = container.GetChangeFeedIterator<Doc>(ChangeFeedStartFrom.Beginning(), ChangeFeedMode.LatestVersion);

        var (docs, _) = await DrainAsync(feed);

        Assert.Equal([("a", 3), ("c", 5)], docs.Select(d => (d.Id, d.N)));
        Assert.True(docs[0].Lsn < docs[1].Lsn);
    }

    [Fact]
    public async Task start_from_now_and_from_a_point_in_time_skip_earlier_writes()
    {
        var container = await fixture.NewContainerAsync();
        await WriteAsync(container, new Doc("before", "p", 1));
        using var fromNow = container.GetChangeFeedIterator<Doc>(ChangeFeedStartFrom.Now(), ChangeFeedMode.LatestVersion);
        var (none, _) = await DrainAsync(fromNow);
        await Task.Delay(1100); // If-Modified-Since has whole seconds
        var pointInTime = DateTime.UtcNow;
        await WriteAsync(container, new Doc("after", "p", 2));

        var (sinceNow, _) = await DrainAsync(fromNow);
        using var fromTime = container.GetChangeFeedIterator<Doc>(ChangeFeedStartFrom.Time(pointInTime), ChangeFeedMode.LatestVersion);
        var (sinceTime, _) = await DrainAsync(fromTime);

        Assert.Empty(none);
        Assert.Equal(["after"], sinceNow.Select(d => d.Id));
        Assert.Equal(["after"], sinceTime.Select(d => d.Id));
    }

    [Fact]
    public async Task a_partition_key_feed_range_sees_only_that_key()
    {
        var container = await fixture.NewContainerAsync();
        await WriteAsync(container, new Doc("a", "p1", 1), new Doc("b", "p2", 2), new Doc("c", "p1", 3));
        using var feed = container.GetChangeFeedIterator<Doc>(
            ChangeFeedStartFrom.Beginning(FeedRange.FromPartitionKey(new PartitionKey("p1"))), ChangeFeedMode.LatestVersion);

        var (docs, _) = await DrainAsync(feed);

        Assert.Equal(["a", "c"], docs.Select(d => d.Id));
    }
}

using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using ChangeFeed.Backfill;
using ChangeFeed.Reading;
using ChangeFeed.Routing;
using Microsoft.Azure.Cosmos;

namespace ChangeFeed.Cosmos.Backfill;

/// <summary>
/// Reads a route's container for a backfill with the change feed in latest-version mode: from the beginning that is
/// every document once, at its current state (deleted documents are not there), in change feed order per logical
/// partition; from a point in time, what changed since. Each feed range is read up to the bound fixed at the run's
/// start (<see cref="StartAsync"/>, <see cref="BackfillPosition"/>): the run ends under any write load. Pages are read as the relay reads them (<see cref="ChangeReader"/>:
/// any document Cosmos DB accepts); the continuation after each page is what a resumed run starts from.
/// </summary>
public sealed class CosmosBackfillSource(CosmosClient client, ChangeReader reader) : IBackfillSource
{
    /// <summary>
    /// Fixes the run's end: for every feed range, its LSN now, read with one change feed request "from now" (answered
    /// 304 with the range's position as its etag, a few RUs per range).
    /// </summary>
    public async Task<string?> StartAsync(Route route, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(route);
        var container = client.GetContainer(route.Database, route.Container);
        var ranges = new List<BoundedRange>();
        foreach (var range in await container.GetFeedRangesAsync(cancellationToken))
        {
            using var iterator = container.GetChangeFeedStreamIterator(ChangeFeedStartFrom.Now(range), ChangeFeedMode.LatestVersion);
            using var response = await iterator.ReadNextAsync(cancellationToken);
            if (response.StatusCode != HttpStatusCode.NotModified)
                response.EnsureSuccessStatusCode();
            // The position is the response's etag; the SDK also keeps it as the continuation's state.
            var bound = BackfillPosition.Lsn(response.Headers.ETag) ?? BackfillPosition.Highest(response.ContinuationToken)
                ?? throw new InvalidOperationException(
                    $"Cosmos DB answered a change feed read from now of {route.SourceContainer} with etag '{response.Headers.ETag}' and continuation '{response.ContinuationToken}', not a position: the backfill cannot fix its end.");
            ranges.Add(new BoundedRange(range.ToJsonString(), bound, Continuation: null, Done: false));
        }

        return new BackfillPosition { Ranges = ranges }.Write();
    }

    public async IAsyncEnumerable<BackfillPage> ReadAsync(
        Route route, DateTimeOffset? since, string? continuation, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(route);
        var container = client.GetContainer(route.Database, route.Container);
        if (BackfillPosition.Read(continuation) is not { } position)
        {
            await foreach (var page in ReadUnboundedAsync(container, route, since, continuation, pageSize, cancellationToken))
                yield return page;
            yield break;
        }

        // One range after the other, each up to its bound.
        for (var i = 0; i < position.Ranges.Count; i++)
        {
            var range = position.Ranges[i];
            if (range.Done)
                continue;
            var start = range.Continuation is not null ? ChangeFeedStartFrom.ContinuationToken(range.Continuation)
                : since is { } time ? ChangeFeedStartFrom.Time(time.UtcDateTime, FeedRange.FromJsonString(range.Range))
                : ChangeFeedStartFrom.Beginning(FeedRange.FromJsonString(range.Range));
            using var iterator = container.GetChangeFeedStreamIterator(start, ChangeFeedMode.LatestVersion, new ChangeFeedRequestOptions { PageSizeHint = pageSize });
            while (!range.Done && iterator.HasMoreResults)
            {
                using var response = await iterator.ReadNextAsync(cancellationToken);
                IReadOnlyList<System.Text.Json.JsonElement> kept = [];
                if (response.StatusCode == HttpStatusCode.NotModified)
                {
                    range = range with { Done = true }; // nothing more at all in this range
                }
                else
                {
                    response.EnsureSuccessStatusCode();
                    var changes = await ReadPageAsync(response, route, cancellationToken);
                    kept = [.. changes.Where(change => Lsn(change) is not { } lsn || lsn <= range.Bound)];
                    var past = kept.Count < changes.Count;
                    range = range with
                    {
                        Continuation = response.ContinuationToken,
                        // Where the SDK's continuation says so for every range it covers (a split range: its children);
                        // else once a change beyond the bound was met.
                        Done = BackfillPosition.AllAtOrPast(response.ContinuationToken, range.Bound) ?? past,
                    };
                }

                position = position with { Ranges = [.. position.Ranges.Select((r, index) => index == i ? range : r)] };
                yield return new BackfillPage(kept, position.Write(), response.Headers.RequestCharge);
            }
        }
    }

    /// <summary>A run kept by a version that fixed no end: read until the feed has nothing more, as that version did.</summary>
    private async IAsyncEnumerable<BackfillPage> ReadUnboundedAsync(
        Container container, Route route, DateTimeOffset? since, string? continuation, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var start = continuation is not null ? ChangeFeedStartFrom.ContinuationToken(continuation)
            : since is { } time ? ChangeFeedStartFrom.Time(time.UtcDateTime)
            : ChangeFeedStartFrom.Beginning();
        using var iterator = container.GetChangeFeedStreamIterator(start, ChangeFeedMode.LatestVersion, new ChangeFeedRequestOptions { PageSizeHint = pageSize });
        while (iterator.HasMoreResults)
        {
            using var response = await iterator.ReadNextAsync(cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotModified)
                yield break; // caught up with now: every partition answered that it has nothing more
            response.EnsureSuccessStatusCode();
            yield return new BackfillPage(await ReadPageAsync(response, route, cancellationToken), response.ContinuationToken, response.Headers.RequestCharge);
        }
    }

    private async Task<IReadOnlyList<System.Text.Json.JsonElement>> ReadPageAsync(ResponseMessage response, Route route, CancellationToken cancellationToken)
    {
        using var page = new MemoryStream();
        await response.Content.CopyToAsync(page, cancellationToken);
        return reader.ReadPage(page.GetBuffer().AsMemory(0, (int)page.Length), route.Name, lease: "backfill");
    }

    /// <summary>A change's <c>_lsn</c>; for one that could not be read, what its stand-in found, if anything.</summary>
    private static long? Lsn(System.Text.Json.JsonElement change)
    {
        if (UnreadableChange.TryRead(change, out _, out _, out var unreadable))
            return unreadable;
        try
        {
            return change.ValueKind == System.Text.Json.JsonValueKind.Object && change.TryGetProperty("_lsn", out var lsn)
                && lsn.ValueKind == System.Text.Json.JsonValueKind.Number && lsn.TryGetInt64(out var value) ? value : null;
        }
        catch (InvalidOperationException)
        {
            return null; // a name .NET cannot unescape: kept, and the router decides (decision 0023)
        }
    }

    /// <summary>The container's document count as the service reports it with its quota information (<c>x-ms-resource-usage</c>, one cheap read).</summary>
    public async Task<long?> CountDocumentsAsync(Route route, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(route);
        using var response = await client.GetContainer(route.Database, route.Container)
            .ReadContainerStreamAsync(new ContainerRequestOptions { PopulateQuotaInfo = true }, cancellationToken);
        if (!response.IsSuccessStatusCode)
            return null; // only the estimate is lost; reading the change feed says what is wrong, if anything
        return DocumentsCount(response.Headers["x-ms-resource-usage"]);
    }

    /// <summary>The <c>documentsCount</c> of a resource usage header (<c>...;documentsCount=5000;...</c>).</summary>
    public static long? DocumentsCount(string? resourceUsage)
    {
        foreach (var part in (resourceUsage ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var pair = part.Split('=', 2);
            if (pair.Length == 2 && pair[0].Equals("documentsCount", StringComparison.OrdinalIgnoreCase)
                && long.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                return count;
            }
        }

        return null;
    }
}

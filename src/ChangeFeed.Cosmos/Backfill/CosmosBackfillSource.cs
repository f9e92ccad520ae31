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
/// partition; from a point in time, what changed since. Pages are read as the relay reads them (<see cref="ChangeReader"/>:
/// any document Cosmos DB accepts); the continuation after each page is what a resumed run starts from.
/// </summary>
public sealed class CosmosBackfillSource(CosmosClient client, ChangeReader reader) : IBackfillSource
{
    public async IAsyncEnumerable<BackfillPage> ReadAsync(
        Route route, DateTimeOffset? since, string? continuation, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(route);
        var start = continuation is not null ? ChangeFeedStartFrom.ContinuationToken(continuation)
            : since is { } time ? ChangeFeedStartFrom.Time(time.UtcDateTime)
            : ChangeFeedStartFrom.Beginning();
        using var iterator = client.GetContainer(route.Database, route.Container)
            .GetChangeFeedStreamIterator(start, ChangeFeedMode.LatestVersion, new ChangeFeedRequestOptions { PageSizeHint = pageSize });
        while (iterator.HasMoreResults)
        {
            using var response = await iterator.ReadNextAsync(cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotModified)
                yield break; // caught up with now: every partition answered that it has nothing more
            response.EnsureSuccessStatusCode();

            using var page = new MemoryStream();
            await response.Content.CopyToAsync(page, cancellationToken);
            var changes = reader.ReadPage(page.GetBuffer().AsMemory(0, (int)page.Length), route.Name, lease: "backfill");
            yield return new BackfillPage(changes, response.ContinuationToken, response.Headers.RequestCharge);
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

using System.Text.Json;
using ChangeFeed.Routing;

namespace ChangeFeed.Backfill;

/// <summary>Reads what a backfill re-publishes: a route's change feed, page by page, with where each page ends.</summary>
public interface IBackfillSource
{
    /// <summary>
    /// The pages of the route's container in change feed order (in latest-version mode: each document once, at its
    /// newest version), from <paramref name="continuation"/> when given, else from <paramref name="since"/> (null: the
    /// beginning); ends when the feed has nothing more (caught up with now).
    /// </summary>
    IAsyncEnumerable<BackfillPage> ReadAsync(Route route, DateTimeOffset? since, string? continuation, int pageSize, CancellationToken cancellationToken);

    /// <summary>How many documents the container holds, for an estimate of what remains; null when unknown.</summary>
    Task<long?> CountDocumentsAsync(Route route, CancellationToken cancellationToken);
}

/// <summary>One page: its changes as the relay takes them, the position after it, and what reading it cost.</summary>
public sealed record BackfillPage(IReadOnlyList<JsonElement> Changes, string Continuation, double RequestCharge);

using System.Text.Json;
using ChangeFeed.Routing;

namespace ChangeFeed.Backfill;

/// <summary>Reads what a backfill re-publishes: a route's change feed, page by page, with where each page ends.</summary>
public interface IBackfillSource
{
    /// <summary>
    /// Where a new run starts, with its end fixed now: for each part of the container (feed range), what it holds at
    /// this moment is the most the run will read, whatever is written meanwhile (decision 0023). Kept with the run as
    /// its first continuation, so that a resumed run keeps the same end. Null: from the start, to whatever is there.
    /// </summary>
    Task<string?> StartAsync(Route route, DateTimeOffset? since, CancellationToken cancellationToken);

    /// <summary>
    /// The pages of the route's container in change feed order (in latest-version mode: each document once, at its
    /// newest version), from <paramref name="continuation"/> when given, else from <paramref name="since"/> (null: the
    /// beginning); ends when every part reached the end <see cref="StartAsync"/> fixed (or, without one, when the feed
    /// has nothing more).
    /// </summary>
    IAsyncEnumerable<BackfillPage> ReadAsync(Route route, DateTimeOffset? since, string? continuation, int pageSize, CancellationToken cancellationToken);

    /// <summary>How many documents the container holds, for an estimate of what remains; null when unknown.</summary>
    Task<long?> CountDocumentsAsync(Route route, CancellationToken cancellationToken);
}

/// <summary>One page: its changes as the relay takes them, the position after it, and what reading it cost.</summary>
public sealed record BackfillPage(IReadOnlyList<JsonElement> Changes, string Continuation, double RequestCharge);

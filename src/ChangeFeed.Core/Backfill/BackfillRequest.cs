using ChangeFeed.Routing;

namespace ChangeFeed.Backfill;

/// <summary>What a person asked for: re-publish a route's documents (or records, or events) to one subscription.</summary>
/// <param name="Route">The route whose container is read and whose topic the events go to.</param>
/// <param name="Subscription">The one subscription of the route's topic meant to receive the events (the message's <c>To</c>).</param>
/// <param name="Since">Null: from the beginning of the change feed (every document's current state); else what changed since then.</param>
/// <param name="PageSize">Changes read per change feed page, published and recorded together.</param>
/// <param name="DryRun">Read and route everything, send nothing, keep no progress: count what would be sent.</param>
/// <param name="Restart">Start a new run even when an unfinished one is kept for this route and subscription.</param>
public sealed record BackfillRequest(Route Route, string Subscription, DateTimeOffset? Since, int PageSize, bool DryRun = false, bool Restart = false)
{
    /// <summary>How the start reads in messages: "from the beginning" or "since 2026-11-01T00:00:00Z".</summary>
    public string StartDescription => Describe(Since);

    public static string Describe(DateTimeOffset? since) =>
        since is { } time ? $"since {time.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}" : "from the beginning";
}

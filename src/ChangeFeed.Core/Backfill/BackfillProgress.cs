namespace ChangeFeed.Backfill;

/// <summary>
/// One backfill run as it is kept after every page it sent: which run (its id is part of every event id it sends), what
/// it reads, where the change feed stands (the continuation after the last page sent) and what it has done so far. What
/// makes a stopped or killed run resumable: the next run of the same command reads it and goes on from there.
/// </summary>
public sealed record BackfillProgress
{
    public required string RunId { get; init; }

    public required string Route { get; init; }

    public required string Subscription { get; init; }

    /// <summary>Null: from the beginning; else the point in time the run reads from.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>
    /// The change feed position after the last page sent, and where the run ends (its per-range bounds, fixed at its
    /// start); as the source writes it. Null: from the start, without an end.
    /// </summary>
    public string? Continuation { get; init; }

    public long DocumentsRead { get; init; }

    public long EventsSent { get; init; }

    /// <summary>Changes that cannot be published (what the live relay parks), not sent.</summary>
    public long Skipped { get; init; }

    /// <summary>Request units the change feed reads cost, over every session of the run.</summary>
    public double RequestCharge { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>The stored version this was read or saved as (optimistic concurrency); null when never stored.</summary>
    public string? ETag { get; init; }

    public bool Completed => CompletedAt is not null;
}

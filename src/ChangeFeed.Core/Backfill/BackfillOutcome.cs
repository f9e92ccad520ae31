namespace ChangeFeed.Backfill;

/// <summary>What a backfill session did: the run as kept, and what the summary reports.</summary>
/// <param name="Progress">The run after this session (counts over every session of the run).</param>
/// <param name="Resumed">True when this session went on with a run a stopped session had kept.</param>
/// <param name="Skipped">The changes of this session that cannot be published, with why (at most <see cref="Backfiller.SkippedShown"/>).</param>
/// <param name="EventTypes">Events sent (or, in a dry run, that would be) in this session, by type.</param>
/// <param name="ReadThisSession">Documents read by this session.</param>
/// <param name="Elapsed">How long this session took.</param>
public sealed record BackfillOutcome(
    BackfillProgress Progress, bool Resumed, IReadOnlyList<SkippedChange> Skipped, IReadOnlyDictionary<string, long> EventTypes, long ReadThisSession, TimeSpan Elapsed);

/// <summary>A change a backfill did not send, and why (the reason the live relay parks it with).</summary>
public sealed record SkippedChange(string? DocumentId, long? Lsn, string Reason);

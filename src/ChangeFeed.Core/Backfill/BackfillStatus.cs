namespace ChangeFeed.Backfill;

/// <summary>Where a running backfill stands, after each page: what a progress display shows.</summary>
/// <param name="Progress">The run as kept (counts over every session of the run).</param>
/// <param name="EstimatedDocuments">Documents in the container when this session started (null when unknown): what "all" means.</param>
/// <param name="ReadThisSession">Documents read since this process started (for the rate).</param>
/// <param name="Elapsed">Time since this process started reading.</param>
/// <param name="Resumed">True when this process goes on with a run an earlier one kept.</param>
public sealed record BackfillStatus(BackfillProgress Progress, long? EstimatedDocuments, long ReadThisSession, TimeSpan Elapsed, bool Resumed)
{
    /// <summary>Documents read per second in this session.</summary>
    public double Rate => Elapsed > TimeSpan.Zero ? ReadThisSession / Elapsed.TotalSeconds : 0;

    /// <summary>The documents still to read by the estimate (never below 0); null when the size is unknown.</summary>
    public long? Remaining => EstimatedDocuments is { } total ? Math.Max(0, total - Progress.DocumentsRead) : null;

    /// <summary>How long the rest takes at the current rate; null when unknown.</summary>
    public TimeSpan? TimeLeft => Remaining is { } remaining && Rate > 0 ? TimeSpan.FromSeconds(remaining / Rate) : null;
}

using ChangeFeed.Backfill;

namespace ChangeFeed.Host.Backfill;

/// <summary>
/// <c>backfill --output json</c>: the run's result for a script. Counts are over every session of the run (a dry run
/// has one); <c>eventTypes</c> and <c>skippedChanges</c> are this session's (at most the first 20 skipped are listed).
/// </summary>
public sealed record BackfillDocument(
    string Route,
    string Subscription,
    string Start,
    bool DryRun,
    string? RunId,
    bool Resumed,
    long DocumentsRead,
    long Events,
    long Skipped,
    double RequestCharge,
    double ElapsedSeconds,
    IReadOnlyDictionary<string, long> EventTypes,
    IReadOnlyList<SkippedChange> SkippedChanges)
{
    public static BackfillDocument Of(BackfillRequest request, BackfillOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(outcome);
        var run = outcome.Progress;
        return new(
            request.Route.Name, request.Subscription, request.StartDescription, request.DryRun, request.DryRun ? null : run.RunId, outcome.Resumed,
            run.DocumentsRead, run.EventsSent, run.Skipped, Math.Round(run.RequestCharge, 2), Math.Round(outcome.Elapsed.TotalSeconds, 3),
            new SortedDictionary<string, long>(outcome.EventTypes.ToDictionary(), StringComparer.Ordinal), outcome.Skipped);
    }
}

using System.Globalization;
using ChangeFeed.Backfill;

namespace ChangeFeed.Host.Backfill;

/// <summary>What the backfill command says, in words: the same on a terminal and in a log.</summary>
internal static class BackfillText
{
    public static string Title(BackfillRequest request) =>
        $"Backfill of route '{request.Route.Name}' ({request.Route.SourceContainer} → {request.Route.Topic}) for subscription '{request.Subscription}', {request.StartDescription}";

    /// <summary>The first line: a new run, or the run that goes on.</summary>
    public static string Start(BackfillRequest request, BackfillStatus status)
    {
        var run = status.Progress;
        var what = request.DryRun
            ? "dry run: nothing is sent and no progress is kept"
            : status.Resumed
                ? Invariant($"resuming run {run.RunId} ({run.DocumentsRead:N0} documents read and {run.EventsSent:N0} events sent before, last page {run.UpdatedAt:u})")
                : $"new run {run.RunId}";
        var size = status.EstimatedDocuments is { } total ? Invariant($"; the container holds about {total:N0} documents") : "";
        return $"{Title(request)}: {what}{size}.";
    }

    /// <summary>One line of progress: counts, rate, and what remains by the estimate.</summary>
    public static string Progress(BackfillStatus status, bool dryRun)
    {
        var run = status.Progress;
        var read = status.EstimatedDocuments is { } total
            ? Invariant($"{run.DocumentsRead:N0} of about {Math.Max(total, run.DocumentsRead):N0} documents read ({Percent(run.DocumentsRead, total)}%)")
            : Invariant($"{run.DocumentsRead:N0} documents read");
        var left = status.TimeLeft is { } time ? $", about {Duration(time)} left" : "";
        return Invariant($"{read}, {run.EventsSent:N0} events {(dryRun ? "to send" : "sent")}, {run.Skipped:N0} skipped, {status.Rate:N0} documents/s{left}");
    }

    /// <summary>The short form beside a progress bar, which shows the share done and the time left itself.</summary>
    public static string Bar(BackfillStatus status, bool dryRun)
    {
        var run = status.Progress;
        var of = status.EstimatedDocuments is { } total ? Invariant($" of ~{Math.Max(total, run.DocumentsRead):N0}") : "";
        return Invariant($"{run.DocumentsRead:N0}{of} read, {run.EventsSent:N0} {(dryRun ? "to send" : "sent")}, {run.Skipped:N0} skipped, {status.Rate:N0}/s");
    }

    public static IEnumerable<string> Summary(BackfillRequest request, BackfillOutcome outcome, string keptAt)
    {
        var run = outcome.Progress;
        var rate = outcome.Elapsed > TimeSpan.Zero ? outcome.ReadThisSession / outcome.Elapsed.TotalSeconds : 0;
        if (request.DryRun)
        {
            yield return Invariant($"Dry run of route '{request.Route.Name}' for subscription '{request.Subscription}', {request.StartDescription}: {run.DocumentsRead:N0} documents read, ")
                + Invariant($"{run.EventsSent:N0} events would be sent, {run.Skipped:N0} skipped, {run.RequestCharge:N1} RU, {Duration(outcome.Elapsed)}. Nothing was sent and no progress was kept.");
        }
        else
        {
            yield return Invariant($"Backfill of route '{request.Route.Name}' for subscription '{request.Subscription}' done: {run.DocumentsRead:N0} documents read, {run.EventsSent:N0} events sent, ")
                + Invariant($"{run.Skipped:N0} skipped, {run.RequestCharge:N1} RU in all; this session {Duration(outcome.Elapsed)} ({rate:N0} documents/s).");
            yield return $"Run {run.RunId}, {request.StartDescription}{(outcome.Resumed ? ", resumed" : "")}; its progress is kept in {keptAt}.";
        }

        foreach (var (type, count) in outcome.EventTypes.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            yield return Invariant($"  {type}  {count:N0}");

        if (run.Skipped > 0)
        {
            yield return Invariant(
                $"{run.Skipped:N0} change{(run.Skipped == 1 ? "" : "s")} cannot be published and {(run.Skipped == 1 ? "was" : "were")} not sent (the live relay parks such changes; see 'parked list {request.Route.Name}'):");
            foreach (var change in outcome.Skipped)
                yield return Invariant($"  {change.DocumentId ?? "(no id)"}  lsn {change.Lsn?.ToString(CultureInfo.InvariantCulture) ?? "-"}  {change.Reason}");
            if (run.Skipped > outcome.Skipped.Count)
                yield return Invariant($"  ... {run.Skipped - outcome.Skipped.Count:N0} more (the first {outcome.Skipped.Count} of this session are listed)");
        }
    }

    /// <summary>What a stopped run says: where it stands and how to go on.</summary>
    public static string Stopped(BackfillRequest request, BackfillStatus? status, string why)
    {
        var where = status is { Progress: var run } && !request.DryRun
            ? Invariant($" after {run.DocumentsRead:N0} documents read and {run.EventsSent:N0} events sent (run {run.RunId})")
            : "";
        var next = request.DryRun
            ? "Nothing was sent."
            : "The progress is kept up to the last page sent: run the same command again to resume (the page in flight is sent again; duplicate detection and inboxes drop its repeats).";
        return $"{Title(request)} stopped{where}: {why}. {next}";
    }

    public static string Duration(TimeSpan time) =>
        time.TotalSeconds < 60 ? Invariant($"{time.TotalSeconds:N1} s")
        : time.TotalHours < 1 ? Invariant($"{(int)time.TotalMinutes} min {time.Seconds} s")
        : Invariant($"{(int)time.TotalHours} h {time.Minutes} min");

    private static long Percent(long read, long total) => total <= 0 ? 100 : Math.Min(100, read * 100 / total);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

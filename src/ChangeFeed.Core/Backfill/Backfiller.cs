using ChangeFeed.Envelope;
using ChangeFeed.Publishing;
using ChangeFeed.Routing;

namespace ChangeFeed.Backfill;

/// <summary>
/// Re-publishes a route's documents to one subscription: fixes the run's end at its start (what the container holds
/// then; what is written later is the live relay's), reads the change feed page by page up to it, routes every change as
/// the live relay does, sends the events as backfilled copies meant for that subscription only, and keeps the run's
/// position after every page. A run stopped or killed anywhere goes on from its last kept page when the same backfill
/// is asked for again: the page in flight is sent again, with the same ids (<see cref="EventId.ForBackfill"/>), which
/// the topic's duplicate detection and the subscribers' inboxes drop.
/// </summary>
public sealed class Backfiller(Router router, IEventPublisher publisher, IBackfillSource source, IBackfillProgressStore store, TimeProvider timeProvider)
{
    /// <summary>Skipped changes an outcome lists (all are counted).</summary>
    public const int SkippedShown = 20;

    public async Task<BackfillOutcome> RunAsync(BackfillRequest request, BackfillPace pace, IProgress<BackfillStatus>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(pace);
        var started = timeProvider.GetTimestamp();
        var (run, resumed) = await StartAsync(request, cancellationToken);
        if (!resumed)
            run = run with { Continuation = await source.StartAsync(request.Route, run.Since, cancellationToken) }; // the run's end, fixed now
        if (!request.DryRun && !resumed)
            run = await store.SaveAsync(run, cancellationToken); // kept before anything is sent: a stop in the first page resumes this run, with its ids
        var estimate = await source.CountDocumentsAsync(request.Route, cancellationToken);
        var skipped = new List<SkippedChange>();
        var types = new Dictionary<string, long>(StringComparer.Ordinal);
        long readThisSession = 0;

        progress?.Report(new BackfillStatus(run, estimate, 0, TimeSpan.Zero, resumed));
        await foreach (var page in source.ReadAsync(request.Route, run.Since, run.Continuation, request.PageSize, cancellationToken))
        {
            var events = new List<IntegrationEvent>(page.Changes.Count);
            var pageSkipped = 0;
            foreach (var change in page.Changes)
            {
                var outcome = Route(request.Route, change);
                if (outcome.ParkReason is { } reason)
                {
                    pageSkipped++;
                    Remember(skipped, new SkippedChange(outcome.DocumentId, outcome.Lsn, reason));
                }

                events.AddRange(outcome.Events.Select(e => ForSubscription(e, run.RunId, request.Subscription)));
            }

            var sent = events.Count;
            if (!request.DryRun && events.Count > 0)
            {
                var result = await publisher.PublishAsync(events, cancellationToken);
                sent = result.Published;
                pageSkipped += result.Rejected.Count;
                foreach (var rejected in result.Rejected)
                    Remember(skipped, new SkippedChange(rejected.Event.Subject, rejected.Event.Lsn, rejected.Reason));
            }

            foreach (var integrationEvent in events)
                types[integrationEvent.Type] = types.GetValueOrDefault(integrationEvent.Type) + 1;

            readThisSession += page.Changes.Count;
            run = run with
            {
                Continuation = page.Continuation,
                DocumentsRead = run.DocumentsRead + page.Changes.Count,
                EventsSent = run.EventsSent + sent,
                Skipped = run.Skipped + pageSkipped,
                RequestCharge = run.RequestCharge + page.RequestCharge,
                UpdatedAt = timeProvider.GetUtcNow(),
            };
            if (!request.DryRun)
                run = await store.SaveAsync(run, cancellationToken);

            progress?.Report(new BackfillStatus(run, estimate, readThisSession, timeProvider.GetElapsedTime(started), resumed));
            pace.Record(page.RequestCharge);
            await pace.WaitAsync(cancellationToken);
        }

        run = run with { CompletedAt = timeProvider.GetUtcNow(), UpdatedAt = timeProvider.GetUtcNow() };
        if (!request.DryRun)
            run = await store.SaveAsync(run, cancellationToken);
        return new BackfillOutcome(run, resumed, skipped, types, readThisSession, timeProvider.GetElapsedTime(started));
    }

    /// <summary>
    /// The event as a backfill sends it: meant for <paramref name="subscription"/> only, with an id of this run's own
    /// (the live id travels along as <c>originalid</c>); everything else (data, time, position, session) as live.
    /// </summary>
    public static IntegrationEvent ForSubscription(IntegrationEvent integrationEvent, string runId, string subscription)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        return integrationEvent with
        {
            Id = EventId.ForBackfill(runId, integrationEvent.Id),
            OriginalId = integrationEvent.Id,
            BackfillSubscription = subscription,
        };
    }

    /// <summary>The run to go on with (an unfinished one, as asked), or a new one.</summary>
    private async Task<(BackfillProgress Run, bool Resumed)> StartAsync(BackfillRequest request, CancellationToken cancellationToken)
    {
        var kept = await store.ReadAsync(request.Route.Name, request.Subscription, cancellationToken);
        if (!request.DryRun && kept is { Completed: false } && !request.Restart)
        {
            if (kept.Since == request.Since)
                return (kept, true);

            throw new UnfinishedBackfillException(
                $"An unfinished backfill of route '{request.Route.Name}' for subscription '{request.Subscription}' is kept (run {kept.RunId}, "
                + $"{BackfillRequest.Describe(kept.Since)}, {kept.DocumentsRead} documents read, last page {kept.UpdatedAt:u}), not {request.StartDescription}. "
                + $"Resume it with {(kept.Since is null ? "--from-beginning" : $"--from {kept.Since.Value.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}")}, or start over with --restart.");
        }

        var now = timeProvider.GetUtcNow();
        var run = new BackfillProgress
        {
            RunId = Guid.CreateVersion7(now).ToString("D"),
            Route = request.Route.Name,
            Subscription = request.Subscription,
            Since = request.Since,
            StartedAt = now,
            UpdatedAt = now,
            ETag = kept?.ETag, // replaces what is kept, if nobody changed it meanwhile
        };
        return (run, false);
    }

    /// <summary>The router's outcome; should routing throw for what a change holds, a skip with the exception (decision 0023).</summary>
    private RoutingOutcome Route(Route route, System.Text.Json.JsonElement change)
    {
        try
        {
            return router.Route(route, change);
        }
        catch (Exception exception)
        {
            var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(change);
            return RoutingOutcome.Park(Parking.Unrelayable.Reason("routing", exception)) with
            {
                DocumentId = Reading.LenientJson.TopLevelString(raw, "id"u8),
                Lsn = Reading.LenientJson.TopLevelInteger(raw, "_lsn"u8),
            };
        }
    }

    private static void Remember(List<SkippedChange> skipped, SkippedChange change)
    {
        if (skipped.Count < SkippedShown)
            skipped.Add(change);
    }
}

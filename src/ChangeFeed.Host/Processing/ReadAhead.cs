using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace ChangeFeed.Host.Processing;

/// <summary>
/// Lets the change feed processor read a lease's next page while the current one is relayed (latest-version mode with
/// manual checkpoint, which the SDK documents for this: later batches accepted while earlier ones are processed, each
/// checkpointed once it and those before it are done). Per lease, pages are relayed one at a time in change feed
/// order; a page is checkpointed only after its own relay completed and after the checkpoint of the page before it,
/// while the next page is already being relayed. Handing page N+1 over waits until page N was relayed, so one page is
/// relayed while the next is read, never more. A failed relay is retried after the lease's back-off until it succeeds
/// or the lease is stopped or lost; nothing after it is relayed or checkpointed meanwhile.
/// </summary>
public sealed class ReadAhead(BatchRelay relay, ILogger<ReadAhead> logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, Page> latest = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, bool> running = new();
    private readonly CancellationTokenSource stopping = new();

    /// <summary>
    /// Hands one page of a lease over and returns once the lease's previous page was relayed (at once if there was
    /// none); <paramref name="cancellationToken"/> is the lease's. Throws when that page failed for good, so that the
    /// processor reads again from the last checkpoint. A page abandoned because its lease was lost belongs to an
    /// earlier ownership: this one started again from the checkpoint and goes on.
    /// </summary>
    public async Task HandOverAsync(
        string route, string leaseToken, IReadOnlyList<JsonElement> changes, Func<Task> checkpointAsync, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(checkpointAsync);
        var lease = $"{route}/{leaseToken}";
        var previous = latest.GetValueOrDefault(lease);
        var outcome = previous is null ? PageOutcome.Relayed : await previous.Outcome.WaitAsync(cancellationToken);
        cancellationToken.ThrowIfCancellationRequested(); // this ownership ended too
        stopping.Token.ThrowIfCancellationRequested();
        if (outcome == PageOutcome.Failed)
        {
            // Told once: the processor reads again from the last checkpoint, and that page is handed over afresh.
            latest.TryRemove(KeyValuePair.Create(lease, previous!));
            throw new RelayFailedException($"Route {route}, lease {leaseToken}: the page before {changes.Count} changes was not relayed; reading again from the last checkpoint");
        }

        var page = new Page(route, leaseToken, changes, checkpointAsync, CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping.Token));
        latest[lease] = page;
        var work = RelayThenCheckpointAsync(page, previous?.Checkpointed ?? Task.CompletedTask);
        running[work] = true;
        _ = work.ContinueWith(done => running.TryRemove(done, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>
    /// Stops relaying: a page being relayed is abandoned (not checkpointed, so read again by the next owner), a page
    /// already relayed is still checkpointed, new pages are refused. Returns when all of it is done; the caller stops
    /// the processors afterwards, so that those checkpoints are written while the leases are still owned.
    /// </summary>
    public async Task StopAsync()
    {
        await stopping.CancelAsync();
        await Task.WhenAll(running.Keys);
    }

    /// <summary>
    /// The processor released the lease (stop, lease lost or moved): once its latest page is done, the entry is
    /// dropped, so that a host does not keep one per lease it ever owned. A page that failed unexpectedly stays: the
    /// lease's next handover must refuse to go past it.
    /// </summary>
    public void Release(string route, string leaseToken)
    {
        var lease = $"{route}/{leaseToken}";
        if (!latest.TryGetValue(lease, out var page))
            return;

        _ = page.Checkpointed.ContinueWith(
            _ =>
            {
                if (page.Outcome.Result != PageOutcome.Failed)
                    latest.TryRemove(KeyValuePair.Create(lease, page));
            },
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Leases with a page remembered (for tests: one per lease at most, none after release).</summary>
    internal int RememberedLeases => latest.Count;

    public void Dispose() => stopping.Dispose();

    private async Task RelayThenCheckpointAsync(Page page, Task previousCheckpoint)
    {
        await Task.Yield(); // the handler returns now and the processor reads the next page
        PageOutcome outcome;
        using (page.Cancellation)
            outcome = await RelayUntilDoneAsync(page, page.Cancellation.Token);
        page.ReleaseChanges(); // the page stays the lease's latest until the next one: without its documents

        if (outcome != PageOutcome.Relayed)
        {
            // Not checkpointed, and it stays the lease's latest page, so that the next page handed over learns of it:
            // nothing may be relayed or checkpointed past it in this ownership of the lease.
            page.Done(outcome);
            return;
        }

        page.Done(PageOutcome.Relayed, checkpointed: false);
        await previousCheckpoint; // checkpoints stay in order; never faults
        try
        {
            await page.CheckpointAsync();
        }
        catch (Exception exception)
        {
            // The page was published: the next page's checkpoint covers it, or, if the lease was lost, the next
            // owner publishes it again and duplicate detection drops it.
            logger.LogWarning(exception, "Route {Route}, lease {Lease}: checkpoint after {Changes} relayed changes failed", page.Route, page.LeaseToken, page.ChangeCount);
        }
        finally
        {
            page.Done(PageOutcome.Relayed);
        }
    }

    private async Task<PageOutcome> RelayUntilDoneAsync(Page page, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await relay.RelayAsync(page.Route, page.LeaseToken, page.Changes, cancellationToken);
                return PageOutcome.Relayed;
            }
            catch (RelayFailedException) when (!cancellationToken.IsCancellationRequested)
            {
                // Logged and waited out with the lease's back-off by BatchRelay: the same page again, nothing after it.
            }
            catch (Exception exception) when (cancellationToken.IsCancellationRequested)
            {
                logger.LogDebug(exception, "Route {Route}, lease {Lease}: relay of {Changes} changes stopped; not checkpointed", page.Route, page.LeaseToken, page.Changes.Count);
                return PageOutcome.Abandoned;
            }
            catch (Exception exception)
            {
                // Not one of BatchRelay's failures (it wraps every one of them): no retry here, no checkpoint; the
                // next page's handler throws and the processor reads again from the last checkpoint.
                logger.LogError(exception, "Route {Route}, lease {Lease}: relay of {Changes} changes failed unexpectedly; not checkpointed", page.Route, page.LeaseToken, page.Changes.Count);
                return PageOutcome.Failed;
            }
        }
    }

    /// <summary>One handed-over page: what to relay, how to checkpoint it, and how far it got.</summary>
    private sealed class Page(string route, string leaseToken, IReadOnlyList<JsonElement> changes, Func<Task> checkpointAsync, CancellationTokenSource cancellation)
    {
        private readonly TaskCompletionSource<PageOutcome> outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource checkpointed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Route => route;

        public string LeaseToken => leaseToken;

        public IReadOnlyList<JsonElement> Changes { get; private set; } = changes;

        public int ChangeCount { get; } = changes.Count;

        public Func<Task> CheckpointAsync => checkpointAsync;

        public CancellationTokenSource Cancellation => cancellation;

        /// <summary>Completes once the page was relayed, or will not be; never faults.</summary>
        public Task<PageOutcome> Outcome => outcome.Task;

        /// <summary>Completes once its checkpoint was attempted, or at once if it was not relayed; never faults.</summary>
        public Task Checkpointed => checkpointed.Task;

        public void ReleaseChanges() => Changes = [];

        public void Done(PageOutcome outcome, bool checkpointed = true)
        {
            this.outcome.TrySetResult(outcome);
            if (checkpointed)
                this.checkpointed.TrySetResult();
        }
    }
}

/// <summary>How a handed-over page ended.</summary>
internal enum PageOutcome
{
    /// <summary>Relayed; its checkpoint follows.</summary>
    Relayed,

    /// <summary>Stopped or its lease lost while relaying: not checkpointed; whoever owns the lease next reads it again.</summary>
    Abandoned,

    /// <summary>Failed in a way that is not retried here: not checkpointed; the next page is refused.</summary>
    Failed,
}

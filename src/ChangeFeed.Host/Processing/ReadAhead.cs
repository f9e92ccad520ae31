using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace ChangeFeed.Host.Processing;

/// <summary>
/// Lets the change feed processor read a lease's next page while the current page's checkpoint is written (latest-version
/// mode with manual checkpoint, which the SDK documents for this: later batches accepted while earlier ones are
/// finished, each checkpointed once it and those before it are done). The change feed handler relays its page in place,
/// retrying after the lease's back-off until it went through, and returns only then; the page's checkpoint is written
/// behind, after the checkpoint of the page before it, while the processor reads and the handler relays the next page.
/// Why not relay behind too: when a partition splits, the SDK starts the leases of its halves from the continuation
/// after the last page the handler returned for, not from the checkpoint; a page still being relayed then would be
/// lost if the host stopped or died before it went through (docs/decisions/0012-read-ahead-stops-at-the-relay.md).
/// </summary>
public sealed class ReadAhead(BatchRelay relay, ILogger<ReadAhead> logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, Page> latest = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, bool> checkpointing = new();
    private readonly CancellationTokenSource stopping = new();

    /// <summary>
    /// Relays one page of a lease (retrying in place) and returns once it went through, leaving its checkpoint to be
    /// written behind; <paramref name="cancellationToken"/> is the lease's. Throws, without a checkpoint, when the lease
    /// is lost or the host stops meanwhile, or when the relay failed in a way that is not retried; the processor then
    /// reads again from the last checkpoint.
    /// </summary>
    public async Task HandOverAsync(
        string route, string leaseToken, IReadOnlyList<JsonElement> changes, Func<Task> checkpointAsync, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(checkpointAsync);
        stopping.Token.ThrowIfCancellationRequested();
        using (var relaying = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping.Token))
            await RelayUntilDoneAsync(route, leaseToken, changes, relaying.Token);

        var lease = $"{route}/{leaseToken}";
        var previous = latest.GetValueOrDefault(lease);
        var page = new Page(route, leaseToken, changes.Count, checkpointAsync);
        latest[lease] = page;
        var work = CheckpointAfterAsync(page, previous?.Checkpointed ?? Task.CompletedTask);
        checkpointing[work] = true;
        _ = work.ContinueWith(done => checkpointing.TryRemove(done, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>
    /// Stops relaying: a page being relayed is given up (its handler throws, nothing is checkpointed, the next owner
    /// reads it again), new pages are refused, and the checkpoints of pages already relayed are still written. Returns
    /// when they are; the caller stops the processors afterwards, so that they are written while the leases are owned.
    /// </summary>
    public async Task StopAsync()
    {
        await stopping.CancelAsync();
        await Task.WhenAll(checkpointing.Keys);
    }

    /// <summary>
    /// The processor released the lease (stop, lease lost or moved, split): once its latest checkpoint was attempted
    /// the entry is dropped, so that a host does not keep one per lease it ever owned.
    /// </summary>
    public void Release(string route, string leaseToken)
    {
        var lease = $"{route}/{leaseToken}";
        if (latest.TryGetValue(lease, out var page))
        {
            _ = page.Checkpointed.ContinueWith(
                _ => latest.TryRemove(KeyValuePair.Create(lease, page)),
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>Leases with a page remembered (for tests: one per lease at most, none after release).</summary>
    internal int RememberedLeases => latest.Count;

    public void Dispose() => stopping.Dispose();

    private async Task RelayUntilDoneAsync(string route, string leaseToken, IReadOnlyList<JsonElement> changes, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await relay.RelayAsync(route, leaseToken, changes, cancellationToken);
                return;
            }
            catch (RelayFailedException) when (!cancellationToken.IsCancellationRequested)
            {
                // Logged and waited out with the lease's back-off by BatchRelay: the same page again, nothing after it.
            }
            catch (Exception exception) when (exception is not OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not one of BatchRelay's failures (it wraps every one of them): thrown to the processor, no checkpoint.
                logger.LogError(exception, "Route {Route}, lease {Lease}: relay of {Changes} changes failed unexpectedly; not checkpointed", route, leaseToken, changes.Count);
                throw;
            }
        }
    }

    private async Task CheckpointAfterAsync(Page page, Task previousCheckpoint)
    {
        await Task.Yield(); // the handler returns now and the processor reads the next page
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
            page.Done();
        }
    }

    /// <summary>A relayed page whose checkpoint is written behind (its documents are not kept).</summary>
    private sealed class Page(string route, string leaseToken, int changeCount, Func<Task> checkpointAsync)
    {
        private readonly TaskCompletionSource checkpointed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Route => route;

        public string LeaseToken => leaseToken;

        public int ChangeCount => changeCount;

        public Func<Task> CheckpointAsync => checkpointAsync;

        /// <summary>Completes once its checkpoint was attempted; never faults.</summary>
        public Task Checkpointed => checkpointed.Task;

        public void Done() => checkpointed.TrySetResult();
    }
}

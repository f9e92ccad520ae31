using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;

namespace ChangeFeed.Host.Processing;

/// <summary>
/// Lets the change feed processor read a lease's next page while the current page's checkpoint is written (latest-version
/// mode with manual checkpoint). The change feed handler relays its page in place, retrying after the lease's back-off
/// until it went through, and returns only then; the page's checkpoint is written behind, while the processor reads
/// the next page, and that page is relayed once the checkpoint is in. So at most one page of a lease, the one being
/// relayed, is ever published past its checkpoint: that is all a new owner publishes again after a lease moves or an
/// instance dies.
/// Why the relay is not behind too: when a partition splits, the SDK starts the leases of its halves from the
/// continuation after the last page the handler returned for, not from the checkpoint; a page still being relayed then
/// would be lost if the host stopped or died before it went through (docs/decisions/0012-read-ahead-stops-at-the-relay.md).
/// A checkpoint refused because another instance took the lease stops the lease at its next page, rather than when the
/// processor's lease renewal notices.
/// </summary>
public sealed class ReadAhead(BatchRelay relay, ILogger<ReadAhead> logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, Page> latest = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, bool> checkpointing = new();
    private readonly CancellationTokenSource stopping = new();

    /// <summary>
    /// Relays one page of a lease, once the checkpoint of the lease's previous page is in, retrying in place, and
    /// returns once it went through, leaving its own checkpoint to be written behind; <paramref name="cancellationToken"/>
    /// is the lease's. Throws, without a checkpoint, when the lease is lost or the host stops meanwhile, or when the
    /// relay failed in a way that is not retried; the processor then reads again from the last checkpoint. Throws
    /// <see cref="LeaseLostException"/>, relaying nothing, when that previous checkpoint was refused because the lease
    /// is another instance's.
    /// </summary>
    public async Task HandOverAsync(
        string route, string leaseToken, IReadOnlyList<JsonElement> changes, Func<Task> checkpointAsync, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(checkpointAsync);
        stopping.Token.ThrowIfCancellationRequested();
        var lease = $"{route}/{leaseToken}";
        using (var relaying = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping.Token))
        {
            if (latest.GetValueOrDefault(lease) is { } previous)
            {
                await previous.Checkpointed.WaitAsync(relaying.Token); // written while this page was read; never faults
                if (previous.LeaseLost)
                {
                    latest.TryRemove(KeyValuePair.Create(lease, previous));
                    throw new LeaseLostException($"Route {route}, lease {leaseToken}: another instance took the lease (a checkpoint was refused); not relaying {changes.Count} changes");
                }
            }

            await RelayUntilDoneAsync(route, leaseToken, changes, relaying.Token);
        }

        var page = new Page(route, leaseToken, changes.Count, checkpointAsync);
        latest[lease] = page;
        var work = CheckpointAsync(page);
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

    /// <summary>Completes once the checkpoint of the lease's latest page was attempted (for tests).</summary>
    internal Task CheckpointedAsync(string route, string leaseToken) =>
        latest.GetValueOrDefault($"{route}/{leaseToken}")?.Checkpointed ?? Task.CompletedTask;

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

    private async Task CheckpointAsync(Page page)
    {
        await Task.Yield(); // the handler returns now and the processor reads the next page
        try
        {
            await page.CheckpointAsync();
        }
        catch (CosmosException exception) when (exception.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            // The SDK's word for "the lease is another instance's now": the lease's next page is refused.
            page.LeaseLost = true;
            logger.LogInformation("Route {Route}, lease {Lease}: checkpoint refused, the lease was taken by another instance; stopping at its next page", page.Route, page.LeaseToken);
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

        /// <summary>Its checkpoint was refused because the lease is another instance's.</summary>
        public bool LeaseLost { get; set; }

        /// <summary>Completes once its checkpoint was attempted; never faults.</summary>
        public Task Checkpointed => checkpointed.Task;

        public void Done() => checkpointed.TrySetResult();
    }
}

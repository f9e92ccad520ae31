using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace ChangeFeed.Host.Processing;

/// <summary>
/// Lets the change feed processor read a lease's next page while the current one is relayed (latest-version mode with
/// manual checkpoint, which the SDK documents for this: later batches accepted while earlier ones are processed, each
/// checkpointed once it and those before it are done). Per lease, pages are relayed one at a time in change feed
/// order, and a page is checkpointed only after its own relay completed and the page before it was checkpointed.
/// Handing page N+1 over waits until page N is done, so one page is relayed while the next is read, never more.
/// A failed relay is retried after the lease's back-off until it succeeds or the lease is stopped or lost; nothing
/// after it is relayed or checkpointed meanwhile.
/// </summary>
public sealed class ReadAhead(BatchRelay relay, ILogger<ReadAhead> logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, Task<bool>> pending = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stopping = new();

    /// <summary>
    /// Hands one page of a lease over and returns once the lease's previous page was relayed and checkpointed (at
    /// once if there was none). Throws when that page was not relayed (its lease was stopped or lost), so that the
    /// processor reads again from the last checkpoint; <paramref name="cancellationToken"/> is the lease's.
    /// </summary>
    public async Task HandOverAsync(
        string route, string leaseToken, IReadOnlyList<JsonElement> changes, Func<Task> checkpointAsync, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(checkpointAsync);
        var lease = $"{route}/{leaseToken}";
        if (pending.TryGetValue(lease, out var previous) && !await previous.WaitAsync(cancellationToken))
            throw new RelayFailedException($"Route {route}, lease {leaseToken}: the page before {changes.Count} changes was not relayed; reading again from the last checkpoint");

        stopping.Token.ThrowIfCancellationRequested();
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping.Token);
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[lease] = done.Task;
        _ = RelayThenCheckpointAsync(lease, route, leaseToken, changes, checkpointAsync, cancellation, done);
    }

    /// <summary>
    /// Stops relaying: a page being relayed is abandoned (not checkpointed, so read again by the next owner), a page
    /// already relayed is still checkpointed, new pages are refused. Returns when all of it is done; the caller stops
    /// the processors afterwards, so that those checkpoints are written while the leases are still owned.
    /// </summary>
    public async Task StopAsync()
    {
        await stopping.CancelAsync();
        await Task.WhenAll(pending.Values);
    }

    public void Dispose() => stopping.Dispose();

    private async Task RelayThenCheckpointAsync(
        string lease, string route, string leaseToken, IReadOnlyList<JsonElement> changes, Func<Task> checkpointAsync,
        CancellationTokenSource cancellation, TaskCompletionSource<bool> done)
    {
        using (cancellation)
        {
            await Task.Yield(); // the handler returns now and the processor reads the next page
            if (!await RelayUntilDoneAsync(route, leaseToken, changes, cancellation.Token))
            {
                // Nothing of this lease may be checkpointed past this page now: whoever reads the lease next starts
                // from its last checkpoint, and a handler already waiting on this page is told to do so.
                pending.TryRemove(KeyValuePair.Create(lease, done.Task));
                done.SetResult(false);
                return;
            }
        }

        try
        {
            await checkpointAsync();
        }
        catch (Exception exception)
        {
            // The page was published: the next page's checkpoint covers it, or, if the lease was lost, the next
            // owner publishes it again and duplicate detection drops it.
            logger.LogWarning(exception, "Route {Route}, lease {Lease}: checkpoint after {Changes} relayed changes failed", route, leaseToken, changes.Count);
        }

        done.SetResult(true);
    }

    private async Task<bool> RelayUntilDoneAsync(string route, string leaseToken, IReadOnlyList<JsonElement> changes, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await relay.RelayAsync(route, leaseToken, changes, cancellationToken);
                return true;
            }
            catch (RelayFailedException) when (!cancellationToken.IsCancellationRequested)
            {
                // Logged and waited out with the lease's back-off by BatchRelay: the same page again, nothing after it.
            }
            catch (Exception exception) when (cancellationToken.IsCancellationRequested)
            {
                logger.LogDebug(exception, "Route {Route}, lease {Lease}: relay of {Changes} changes stopped; not checkpointed", route, leaseToken, changes.Count);
                return false;
            }
            catch (Exception exception)
            {
                // Not one of BatchRelay's failures (it wraps every one of them): no retry here, no checkpoint; the
                // next page's handler throws and the processor reads again from the last checkpoint.
                logger.LogError(exception, "Route {Route}, lease {Lease}: relay of {Changes} changes failed unexpectedly; not checkpointed", route, leaseToken, changes.Count);
                return false;
            }
        }
    }
}

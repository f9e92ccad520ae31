using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace ChangeFeed.Host.Processing;

/// <summary>
/// Hands one change feed batch to the <see cref="Relay"/>. A failure is logged, waited out with the lease's
/// back-off, and thrown as <see cref="RelayFailedException"/> so that the handler does not checkpoint; a stop
/// (cancellation) throws at once. Only a batch the relay completed returns, and only then may the caller checkpoint.
/// Virtual so that tests can stand in for the relay behind it.
/// </summary>
public class BatchRelay(Relay relay, RetryBackoff backoff, TimeProvider timeProvider, ILogger<BatchRelay> logger)
{
    public virtual async Task RelayAsync(string route, string leaseToken, IReadOnlyList<JsonElement> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var lease = $"{route}/{leaseToken}";
        try
        {
            await relay.ProcessAsync(changes, route, cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            var delay = backoff.NextDelay(lease);
            logger.LogError(
                exception,
                "Route {Route}, lease {Lease}: relaying {Changes} changes failed (attempt {Attempt}); no checkpoint, the batch is read again after {Delay}",
                route, leaseToken, changes.Count, backoff.Failures(lease), delay);
            await Task.Delay(delay, timeProvider, cancellationToken);
            throw new RelayFailedException($"Route {route}, lease {leaseToken}: {changes.Count} changes not relayed: {exception.Message}", exception);
        }

        backoff.Reset(lease);
    }
}

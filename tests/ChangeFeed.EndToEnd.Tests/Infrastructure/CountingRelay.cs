using System.Text.Json;
using ChangeFeed.Parking;
using ChangeFeed.Publishing;
using ChangeFeed.Routing;
using ChangeFeed.Telemetry;
using Microsoft.Extensions.Logging;

namespace ChangeFeed.EndToEnd.Tests.Infrastructure;

/// <summary>The real relay, counting the batches it failed (thrown out to the host, which must not checkpoint them).</summary>
public sealed class CountingRelay(
    RouteCatalog routes, Router router, IEventPublisher publisher, IParkingLot parkingLot, ChangeFeedTelemetry telemetry, TimeProvider timeProvider, ILogger<Relay> logger)
    : Relay(routes, router, publisher, parkingLot, telemetry, timeProvider, logger)
{
    private int failed;

    public int FailedBatches => Volatile.Read(ref failed);

    public override async Task<RelayResult> ProcessAsync(IReadOnlyList<JsonElement> changes, string route, CancellationToken cancellationToken)
    {
        try
        {
            return await base.ProcessAsync(changes, route, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Interlocked.Increment(ref failed);
            throw;
        }
    }
}

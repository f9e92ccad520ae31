using System.Text.Json;
using ChangeFeed.Parking;
using ChangeFeed.Publishing;
using ChangeFeed.Routing;
using ChangeFeed.Telemetry;
using Microsoft.Extensions.Logging;

namespace ChangeFeed.EndToEnd.Tests.Infrastructure;

/// <summary>When the hanging relay reached its third batch.</summary>
public sealed class ThirdBatch
{
    public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>The real relay, except that its third batch hangs, unpublished, until the host stops.</summary>
public sealed class HangingRelay(
    ThirdBatch third, RouteCatalog routes, Router router, IEventPublisher publisher, IParkingLot parkingLot, ChangeFeedTelemetry telemetry, TimeProvider timeProvider, ILogger<Relay> logger)
    : Relay(routes, router, publisher, parkingLot, telemetry, timeProvider, logger)
{
    private int batches;

    public override async Task<RelayResult> ProcessAsync(IReadOnlyList<JsonElement> changes, string route, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref batches) == 3)
        {
            third.Reached.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return await base.ProcessAsync(changes, route, cancellationToken);
    }
}

using System.Text.Json;
using ChangeFeed.Parking;
using ChangeFeed.Publishing;
using ChangeFeed.Routing;
using ChangeFeed.Telemetry;
using Microsoft.Extensions.Logging;

namespace ChangeFeed.EndToEnd.Tests.Infrastructure;

/// <summary>When (and what) the stalling relay stalled.</summary>
public sealed class Stall
{
    public int AfterBatches { get; init; } = 2;

    public TaskCompletionSource<IReadOnlyList<JsonElement>> Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// A relay that, after <see cref="Stall.AfterBatches"/> batches, publishes the next one and then hangs as a process
/// that dies before its checkpoint would: the events are on Service Bus, the lease has not moved. It only lets go
/// when the host stops (cancellation), which the host must treat as "not checkpointed".
/// </summary>
public sealed class StallingRelay(
    Stall stall, RouteCatalog routes, Router router, IEventPublisher publisher, IParkingLot parkingLot, ChangeFeedTelemetry telemetry, TimeProvider timeProvider, ILogger<Relay> logger)
    : Relay(routes, router, publisher, parkingLot, telemetry, timeProvider, logger)
{
    private int batches;

    public override async Task<RelayResult> ProcessAsync(IReadOnlyList<JsonElement> changes, string route, CancellationToken cancellationToken)
    {
        var result = await base.ProcessAsync(changes, route, cancellationToken);
        if (Interlocked.Increment(ref batches) <= stall.AfterBatches)
            return result;

        // Copies: the host's changes are valid only until the relay returns (ParsedChanges).
        stall.Reached.TrySetResult([.. changes.Select(change => change.Clone())]);
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return result;
    }
}

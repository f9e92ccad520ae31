using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using ChangeFeed.Envelope;
using ChangeFeed.Parking;
using ChangeFeed.Publishing;
using ChangeFeed.Reading;
using ChangeFeed.Routing;
using ChangeFeed.Telemetry;
using Microsoft.Extensions.Logging;

namespace ChangeFeed;

/// <summary>
/// The one data path every host uses: route each change of a change feed batch, publish the events in change-feed
/// order, park what cannot be published, and return — or throw, so that the host does not checkpoint.
/// </summary>
public class Relay(
    RouteCatalog routes,
    Router router,
    IEventPublisher publisher,
    IParkingLot parkingLot,
    ChangeFeedTelemetry telemetry,
    TimeProvider timeProvider,
    ILogger<Relay> logger)
{
    /// <summary>
    /// Relays <paramref name="changes"/>. They are valid only until this returns: a host disposes the parse they are
    /// slices of then (<see cref="Reading.ParsedChanges"/>), so an override that keeps a change keeps a <c>Clone()</c> of it.
    /// </summary>
    public virtual async Task<RelayResult> ProcessAsync(IReadOnlyList<JsonElement> changes, string route, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var definition = routes.Get(route);
        var started = timeProvider.GetTimestamp();
        using var activity = telemetry.ActivitySource.StartActivity("ChangeFeed.Relay", ActivityKind.Producer);
        activity?.SetTag("changefeed.route", definition.Name);
        activity?.SetTag("changefeed.changes", changes.Count);

        var events = new List<IntegrationEvent>(changes.Count);
        var origins = new List<int>(changes.Count);
        var parked = new List<ParkedChange>();
        var outcomes = new RoutingOutcome[changes.Count];
        for (var i = 0; i < changes.Count; i++)
        {
            var outcome = outcomes[i] = RouteOne(definition, changes[i]);
            if (outcome.ParkReason is { } reason)
                parked.Add(ParkedChanges.From(definition, changes[i], outcome, reason, eventId: null, timeProvider.GetUtcNow()));

            foreach (var integrationEvent in outcome.Events)
            {
                events.Add(integrationEvent);
                origins.Add(i);
            }
        }

        // Throws on failure: nothing is parked and nothing is reported but the failure, so the host retries the whole
        // batch and Service Bus duplicate detection drops what was already sent.
        PublishResult result;
        try
        {
            result = events.Count == 0 ? PublishResult.Empty : await publisher.PublishAsync(events, cancellationToken);
            foreach (var rejected in result.Rejected)
            {
                var index = origins[events.IndexOf(rejected.Event)];
                if (rejected.ErrorType is { } errorType)
                    telemetry.RecordUnrelayable(definition.Name, errorType);
                parked.Add(ParkedChanges.From(definition, changes[index], outcomes[index], rejected.Reason, rejected.Event.Id, timeProvider.GetUtcNow()));
            }

            if (parked.Count > 0)
                await parkingLot.ParkAsync(parked, cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            telemetry.RecordFailure(definition.Name);
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            throw;
        }

        var elapsed = timeProvider.GetElapsedTime(started);
        telemetry.Record(definition.Name, result.Published, result.ClaimChecked, parked.Count, result.Batches, elapsed);
        activity?.SetTag("changefeed.published", result.Published);
        activity?.SetTag("changefeed.parked", parked.Count);
        logger.LogInformation(
            "Relayed route {Route}: {Changes} changes, {Published} events published, {Parked} parked, {Batches} batches, {ElapsedMs} ms",
            definition.Name, changes.Count, result.Published, parked.Count, result.Batches, (long)elapsed.TotalMilliseconds);
        foreach (var change in parked)
            logger.LogWarning("Parked change {DocumentId} (lsn {Lsn}) of {Container}: {Reason}", change.DocumentId, change.Lsn, change.SourceContainer, change.Reason);

        return new RelayResult(changes.Count, result.Published, parked, result.Batches, elapsed);
    }

    /// <summary>
    /// The router's outcome, or, should routing or translating the change throw whatever the reason (the router
    /// promises it does not), the reason to park it: one change can never stop its batch (decision 0023).
    /// </summary>
    private RoutingOutcome RouteOne(Route definition, JsonElement change)
    {
        try
        {
            return router.Route(definition, change);
        }
        catch (Exception exception)
        {
            var raw = JsonMarshal.GetRawUtf8Value(change);
            var outcome = RoutingOutcome.Park(Unrelayable.Reason("routing", exception)) with
            {
                DocumentId = LenientJson.TopLevelString(raw, "id"u8),
                Lsn = LenientJson.TopLevelInteger(raw, "_lsn"u8),
            };
            telemetry.RecordUnrelayable(definition.Name, Unrelayable.ErrorType(exception));
            logger.LogError(
                exception, "Route {Route}: routing change {DocumentId} (lsn {Lsn}) threw; the change is parked and the batch goes on",
                definition.Name, outcome.DocumentId ?? "(unknown)", outcome.Lsn);
            return outcome;
        }
    }
}

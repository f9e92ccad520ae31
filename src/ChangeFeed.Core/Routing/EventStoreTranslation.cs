using ChangeFeed.Envelope;

namespace ChangeFeed.Routing;

/// <summary>
/// Event sourcing: every document appended to the event container is an event already. Its type comes from a
/// property, its id from the document (made unique across streams), its order from the stream (the partition key).
/// </summary>
internal static class EventStoreTranslation
{
    public static RoutingOutcome Translate(Change change)
    {
        var route = change.Route;
        var typeProperty = route.TypeProperty ?? "type";
        if (!change.TryGetString(typeProperty, out var type))
            return change.Park($"the type property '{typeProperty}' is missing, empty or not a string");

        return RoutingOutcome.Publish(new IntegrationEvent(
            // Event documents never change, so the id leaves out _lsn: a rewritten event is the same event.
            Id: EventId.FromParts("eventstore", route.Account, route.Database, route.Container, change.PartitionKey, change.Id),
            Source: route.Source,
            Type: route.TypeName(type),
            Subject: change.PartitionKey,
            Time: DateTimeOffset.FromUnixTimeSeconds(change.Timestamp),
            Data: DocumentData.Write(change.Document, route),
            PartitionKey: change.PartitionKey,
            Topic: route.Topic,
            ContentMode: route.ContentMode)
        {
            Lsn = change.Lsn,
            CorrelationId = route.CorrelationIdProperty is { } correlation && change.TryGetString(correlation, out var value) ? value : null,
        });
    }
}

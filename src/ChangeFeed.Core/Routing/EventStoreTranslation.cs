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

        // Event documents never change, so the id leaves out _lsn: a rewritten event is the same event.
        return change.PublishDocument(
            EventId.FromParts("eventstore", route.Account, route.Database, route.Container, change.PartitionKey, change.Id),
            route.TypeName(type),
            subject: change.PartitionKey);
    }
}

using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.Extensions;
using ChangeFeed.Configuration;
using ChangeFeed.Envelope;
using ChangeFeed.Reading;

namespace ChangeFeed.Routing;

/// <summary>
/// Turns one change (the JSON the change feed delivered, system properties included) into integration events, or
/// into the reason it must be parked. Pure: no I/O, no clock, meant never to throw for a bad document; should it
/// throw all the same (a name .NET cannot unescape, say), the <see cref="Relay"/> parks the change with the exception.
/// </summary>
public class Router
{
    /// <summary>Whether this version can route documents of the given mode.</summary>
    public static bool Supports(RouteMode mode) => Enum.IsDefined(mode);

    public virtual RoutingOutcome Route(Route route, JsonElement change)
    {
        ArgumentNullException.ThrowIfNull(route);

        // A change the host could not read: parked in any mode (it may be an outbox record or an event).
        if (change.ValueKind != JsonValueKind.Object)
            return RoutingOutcome.Park($"the change is a JSON {PartitionKeyPaths.Describe(change.ValueKind)}, not a document object");

        // Every top-level property read below is found in one pass over the document's properties.
        var compiled = CompiledRoute.Of(route);
        var fields = DocumentFields.Read(change, compiled);
        if (fields[Field.Unreadable].ValueKind != JsonValueKind.Undefined
            && UnreadableChange.TryRead(change, out var unreadable, out var unreadableId, out var unreadableLsn))
        {
            return RoutingOutcome.Park(unreadable) with { DocumentId = unreadableId, Lsn = unreadableLsn };
        }

        // Entities that share a container with outbox records are not news in outbox mode, and neither is the
        // removal of an outbox record or of a stored event: only what was appended is.
        var operation = fields[Field.Operation] is { ValueKind: JsonValueKind.String } marker ? marker.GetString() : null;
        if (route.Mode != RouteMode.Cdc && operation is not null)
            return RoutingOutcome.Ignore;
        if (route.Mode == RouteMode.Outbox && !OutboxTranslation.IsOutboxRecord(change))
            return RoutingOutcome.Ignore;

        // A soft-deleted document announced its deletion already; its TTL expiry is not news.
        if (operation == ChangeOperation.Expire && route.SoftDeleteProperty is not null)
            return RoutingOutcome.Ignore;

        if (!Change.TryGetString(fields[Field.Id], out var id))
            return RoutingOutcome.Park("the document has no 'id' string property");

        var lsn = Change.TryGetInt64(fields[Field.Lsn]);
        if (lsn is null)
            return Identified(id, lsn, "the system property '_lsn' is missing or not a number: only changes read from the change feed can be relayed");

        if (Change.TryGetInt64(fields[Field.Timestamp]) is not { } timestamp)
            return Identified(id, lsn, "the system property '_ts' is missing or not a number: only changes read from the change feed can be relayed");

        if (route.PartitionKey.TryRead(fields.PartitionKeys, out var partitionKey) is { } keyError)
            return Identified(id, lsn, keyError);

        var identity = new Change(route, change, id, lsn.Value, timestamp, partitionKey) { Compiled = compiled, Fields = fields, Operation = operation };
        var outcome = route.Mode switch
        {
            RouteMode.Outbox => OutboxTranslation.Translate(identity),
            RouteMode.EventStore => EventStoreTranslation.Translate(identity),
            _ => CdcTranslation.Translate(identity),
        };

        // Values from the document become CloudEvents attributes, which allow no control characters: an event that
        // could neither be encoded nor decoded is parked, with why, instead of failing its batch again and again.
        foreach (var integrationEvent in outcome.Events)
        {
            if (AttributeProblem(integrationEvent) is { } problem)
                return identity.Park(problem);
        }

        return outcome;
    }

    private static RoutingOutcome Identified(string id, long? lsn, string reason) =>
        RoutingOutcome.Park(reason) with { DocumentId = id, Lsn = lsn };

    private static string? AttributeProblem(IntegrationEvent integrationEvent)
    {
        var version = CloudEventsSpecVersion.V1_0;
        return Problem(version.IdAttribute, integrationEvent.Id)
            ?? Problem(version.TypeAttribute, integrationEvent.Type)
            ?? Problem(version.SubjectAttribute, integrationEvent.Subject)
            ?? Problem(Partitioning.PartitionKeyAttribute, integrationEvent.PartitionKey);
    }

    private static string? Problem(CloudEventAttribute attribute, string value)
    {
        // Most values are printable ASCII, which no CloudEvents string attribute refuses (a property test proves it):
        // one vectorised scan instead of the SDK's check character by character.
        if (PlainAttributeValue.Is(value))
            return null;
        try
        {
            attribute.Validate(value);
            return null;
        }
        catch (ArgumentException exception)
        {
            var shown = JsonSerializer.Serialize(value.Length <= 200 ? value : value[..200] + "...");
            return $"the event's '{attribute.Name}' would be {shown}, which CloudEvents does not allow: {exception.InnerException?.Message ?? exception.Message}";
        }
    }
}

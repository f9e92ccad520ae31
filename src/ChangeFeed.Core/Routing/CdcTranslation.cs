using System.Text.Json;
using ChangeFeed.Envelope;

namespace ChangeFeed.Routing;

/// <summary>Change data capture: the document itself is the news; <c>&lt;type&gt;.upserted</c> or <c>&lt;type&gt;.deleted</c>.</summary>
internal static class CdcTranslation
{
    public static RoutingOutcome Translate(Change change)
    {
        var route = change.Route;
        var deleted = change.Operation is ChangeOperation.Delete or ChangeOperation.Expire
            || (route.SoftDeleteProperty is not null && change.Fields[Field.SoftDelete].ValueKind == JsonValueKind.True);

        string type;
        if (route.TypeProperty is { } typeProperty)
        {
            if (!Change.TryGetString(change.Fields[Field.TypeProperty], out var entityType))
                return change.Park($"the type property '{typeProperty}' is missing, empty or not a string");
            type = route.TypeName($"{entityType}.{(deleted ? "deleted" : "upserted")}");
        }
        else
        {
            type = (deleted ? change.Compiled.DeletedType : change.Compiled.UpsertedType)!;
        }

        return change.PublishDocument(
            EventId.ForChange(change.Compiled.ChangeIdPrefix, change.PartitionKey, change.Id, change.Lsn),
            type,
            subject: change.Id);
    }
}

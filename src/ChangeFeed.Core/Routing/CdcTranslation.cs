using System.Text.Json;
using ChangeFeed.Envelope;

namespace ChangeFeed.Routing;

/// <summary>Change data capture: the document itself is the news; <c>&lt;type&gt;.upserted</c> or <c>&lt;type&gt;.deleted</c>.</summary>
internal static class CdcTranslation
{
    public static RoutingOutcome Translate(Change change)
    {
        var route = change.Route;
        string entityType;
        if (route.TypeProperty is { } typeProperty)
        {
            if (!change.TryGetString(typeProperty, out entityType))
                return change.Park($"the type property '{typeProperty}' is missing, empty or not a string");
        }
        else
        {
            entityType = route.EventType!;
        }

        var deleted = ChangeOperation.Of(change.Document) is ChangeOperation.Delete or ChangeOperation.Expire
            || (route.SoftDeleteProperty is { } softDelete
                && change.Document.TryFind(softDelete, out var flag) && flag.ValueKind == JsonValueKind.True);

        return change.PublishDocument(
            EventId.ForChange(route.Account, route.Database, route.Container, change.PartitionKey, change.Id, change.Lsn),
            route.TypeName($"{entityType}.{(deleted ? "deleted" : "upserted")}"),
            subject: change.Id);
    }
}

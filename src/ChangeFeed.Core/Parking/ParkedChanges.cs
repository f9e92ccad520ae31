using System.Globalization;
using System.Text.Json;
using ChangeFeed.Envelope;
using ChangeFeed.Routing;

namespace ChangeFeed.Parking;

/// <summary>Builds <see cref="ParkedChange"/> records with ids that are the same however often a change is parked.</summary>
internal static class ParkedChanges
{
    public static ParkedChange From(Route route, JsonElement change, RoutingOutcome outcome, string reason, string? eventId, DateTimeOffset now)
    {
        var document = change.GetRawText();
        var id = outcome.DocumentId is { } documentId && outcome.Lsn is { } lsn
            ? EventId.FromParts("parked", route.SourceContainer, documentId, lsn.ToString(CultureInfo.InvariantCulture))
            : EventId.FromParts("parked", route.SourceContainer, document);
        return new ParkedChange(id, route.Name, route.SourceContainer, outcome.DocumentId, outcome.PartitionKey, outcome.Lsn, eventId, reason, document, now);
    }
}

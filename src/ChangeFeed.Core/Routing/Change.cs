using System.Text.Json;
using ChangeFeed.Envelope;

namespace ChangeFeed.Routing;

/// <summary>A change whose identity the router has read: what every mode starts from.</summary>
internal sealed record Change(Route Route, JsonElement Document, string Id, long Lsn, long Timestamp, string PartitionKey)
{
    public RoutingOutcome Park(string reason) =>
        RoutingOutcome.Park(reason) with { DocumentId = Id, Lsn = Lsn, PartitionKey = PartitionKey };

    public bool TryGetString(string name, out string value) => TryGetString(Document, name, out value);

    /// <summary>The event whose data is this document (cdc and event store): the parts both modes share.</summary>
    public RoutingOutcome PublishDocument(string id, string type, string subject)
    {
        var data = DocumentData.Write(Document, Route);
        if (Route.DataSchemaViolation(type, data) is { } violation)
            return Park(violation);
        return RoutingOutcome.Publish(new IntegrationEvent(
            Id: id,
            Source: Route.Source,
            Type: type,
            Subject: subject,
            Time: DateTimeOffset.FromUnixTimeSeconds(Timestamp),
            Data: data,
            PartitionKey: PartitionKey,
            Topic: Route.Topic,
            ContentMode: Route.ContentMode)
        {
            RouterWrittenData = data,
            DataSchema = Route.DataSchemaId(type),
            LargeEvents = Route.LargeEvents,
            Lsn = Lsn,
            CorrelationId = Route.CorrelationIdProperty is { } correlation && TryGetString(correlation, out var value) ? value : null,
        });
    }

    public static bool TryGetString(JsonElement document, string name, out string value)
    {
        value = string.Empty;
        if (!document.TryFind(name, out var element) || element.ValueKind != JsonValueKind.String)
            return false;
        value = element.GetString()!;
        return value.Length > 0;
    }

    public static long? TryGetInt64(JsonElement document, string name) =>
        document.TryFind(name, out var element) && element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var value)
            ? value
            : null;
}

using System.Text.Json;
using ChangeFeed.Envelope;

namespace ChangeFeed.Routing;

/// <summary>A change whose identity the router has read: what every mode starts from.</summary>
internal sealed record Change(Route Route, JsonElement Document, string Id, long Lsn, long Timestamp, string PartitionKey)
{
    public RoutingOutcome Park(string reason) =>
        RoutingOutcome.Park(reason) with { DocumentId = Id, Lsn = Lsn, PartitionKey = PartitionKey };

    /// <summary>What the router derived from <see cref="Route"/> once.</summary>
    public required CompiledRoute Compiled { get; init; }

    /// <summary>The top-level properties the router reads, found in one pass.</summary>
    public DocumentFields Fields { get; init; }

    /// <summary>The <see cref="ChangeOperation"/> marker's value, null for a write.</summary>
    public string? Operation { get; init; }

    public bool TryGetString(string name, out string value) => TryGetString(Document, name, out value);

    /// <summary>The event whose data is this document (cdc and event store): the parts both modes share.</summary>
    public RoutingOutcome PublishDocument(string id, string type, string subject)
    {
        var data = DocumentData.Write(Document, Route, Fields.AllKept);
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
            CorrelationId = Route.CorrelationIdProperty is not null && TryGetString(Fields[Field.CorrelationId], out var value) ? value : null,
        });
    }

    public static bool TryGetString(JsonElement document, string name, out string value)
    {
        value = string.Empty;
        return document.TryFind(name, out var element) && TryGetString(element, out value);
    }

    /// <summary>A property's value as a non-empty string (false for a missing property: <see cref="JsonValueKind.Undefined"/>).</summary>
    public static bool TryGetString(JsonElement element, out string value)
    {
        value = string.Empty;
        if (element.ValueKind != JsonValueKind.String)
            return false;
        value = element.GetString()!;
        return value.Length > 0;
    }

    public static long? TryGetInt64(JsonElement document, string name) =>
        document.TryFind(name, out var element) ? TryGetInt64(element) : null;

    /// <summary>A property's value as a 64-bit integer, null when missing or no such number.</summary>
    public static long? TryGetInt64(JsonElement element) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var value) ? value : null;
}

using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using ChangeFeed.Envelope;
using ChangeFeed.Outbox;

namespace ChangeFeed.Routing;

/// <summary>
/// Transactional outbox: an outbox record becomes exactly the event the application wrote. Documents that are not
/// outbox records (the entities sharing the container) are ignored.
/// </summary>
internal static class OutboxTranslation
{
    private const int MaxMessageIdLength = 128;

    public static bool IsOutboxRecord(System.Text.Json.JsonElement document) =>
        Change.TryGetString(document, "kind", out var kind) && kind == OutboxRecord.OutboxKind;

    public static RoutingOutcome Translate(Change change)
    {
        var document = change.Document;
        var route = change.Route;
        if (!document.TryFind("schemaVersion", out var version) || version.ValueKind != JsonValueKind.Number
            || !version.TryGetInt32(out var schemaVersion) || schemaVersion != OutboxRecord.CurrentSchemaVersion)
        {
            return change.Park($"outbox record schemaVersion is {Describe(document, "schemaVersion")}; this relay reads version {OutboxRecord.CurrentSchemaVersion}");
        }

        if (change.Id.Length > MaxMessageIdLength)
            return change.Park($"outbox record id is {change.Id.Length} characters; Service Bus message ids allow {MaxMessageIdLength}");
        if (!change.TryGetString("type", out var type))
            return change.Park("outbox record 'type' is missing, empty or not a string");
        if (!change.TryGetString("aggregateType", out var aggregateType))
            return change.Park("outbox record 'aggregateType' is missing, empty or not a string");
        if (!change.TryGetString("aggregateId", out var aggregateId))
            return change.Park("outbox record 'aggregateId' is missing, empty or not a string");
        if (!document.TryFind("data", out var data))
            return change.Park("outbox record 'data' is missing (use null for an event without data)");

        var time = DateTimeOffset.FromUnixTimeSeconds(change.Timestamp);
        if (document.TryFind("occurredAt", out var occurredAt) && !TryReadTime(occurredAt, out time))
            return change.Park($"outbox record 'occurredAt' is {Describe(document, "occurredAt")}; expected an RFC 3339 date-time string");

        if (ReadProperties(change, out var properties) is { } headerError)
            return change.Park(headerError);

        // Copied as delivered (already well-formed JSON, of any depth Cosmos DB accepts): no re-serialisation.
        var bytes = JsonMarshal.GetRawUtf8Value(data).ToArray();
        if (route.DataSchemaViolation(type, bytes) is { } violation)
            return change.Park(violation);
        return RoutingOutcome.Publish(new IntegrationEvent(
            Id: change.Id,
            Source: route.Source,
            Type: type,
            Subject: aggregateId,
            Time: time,
            Data: bytes,
            PartitionKey: route.SessionByPartitionKey ? change.PartitionKey : aggregateId,
            Topic: route.AggregateTopics.GetValueOrDefault(aggregateType, route.Topic),
            ContentMode: route.ContentMode)
        {
            RouterWrittenData = bytes,
            DataSchema = route.DataSchemaId(type),
            LargeEvents = route.LargeEvents,
            Lsn = change.Lsn,
            CorrelationId = change.TryGetString("correlationId", out var correlationId) ? correlationId : null,
            TraceParent = change.TryGetString("traceparent", out var traceParent) ? traceParent : null,
            Properties = properties,
        });
    }

    private static string? ReadProperties(Change change, out IReadOnlyDictionary<string, string>? properties)
    {
        properties = null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (change.TryGetString("causationId", out var causationId))
            values["causationId"] = causationId;

        if (change.Document.TryFind("headers", out var headers) && headers.ValueKind != JsonValueKind.Null)
        {
            if (headers.ValueKind != JsonValueKind.Object)
                return $"outbox record 'headers' is a JSON {Routing.PartitionKeyPaths.Describe(headers.ValueKind)}; expected an object of strings";
            foreach (var header in headers.EnumerateObject())
            {
                if (header.Value.ValueKind != JsonValueKind.String)
                    return $"outbox record header '{header.Name}' is a JSON {Routing.PartitionKeyPaths.Describe(header.Value.ValueKind)}; header values must be strings";
                if (IsReserved(header.Name))
                    return $"outbox record header '{header.Name}' is reserved for the CloudEvents envelope, tracing and delivery";
                values[header.Name] = header.Value.GetString()!;
            }
        }

        properties = values.Count == 0 ? null : values;
        return null;
    }

    private static bool IsReserved(string name) =>
        name.StartsWith("cloudEvents_", StringComparison.OrdinalIgnoreCase)
        || name.Equals("traceparent", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Diagnostic-Id", StringComparison.OrdinalIgnoreCase)
        || name.Equals("causationId", StringComparison.Ordinal)
        || name.Equals(Delivery.Property, StringComparison.OrdinalIgnoreCase);

    private static bool TryReadTime(JsonElement value, out DateTimeOffset time)
    {
        time = default;
        return value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out time);
    }

    private static string Describe(JsonElement document, string name) =>
        document.TryFind(name, out var value)
            ? value.ValueKind is JsonValueKind.String or JsonValueKind.Number ? value.GetRawText() : "a JSON " + Routing.PartitionKeyPaths.Describe(value.ValueKind)
            : "missing";
}

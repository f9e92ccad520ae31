using System.Text.Json.Nodes;
using ChangeFeed.Envelope;
using ChangeFeed.ServiceBus;

namespace ChangeFeed.Contract;

/// <summary>
/// Every CloudEvents attribute and application property a message can carry, each described once (a schema in the
/// contract's <c>components/schemas</c>); the message schemas refer to these.
/// </summary>
public static class WireAttributes
{
    /// <summary>The CloudEvents attributes, in the order the envelope writes them; in binary mode each is the application property <c>cloudEvents_&lt;name&gt;</c>.</summary>
    public static IReadOnlyList<string> CloudEvents { get; } =
        ["specversion", "id", "source", "type", "subject", "time", "datacontenttype", "dataschema", "partitionkey", "lsn", "originalid", "dataref"];

    /// <summary>The attributes every event carries.</summary>
    public static IReadOnlyList<string> Required { get; } = ["specversion", "id", "source", "type", "subject", "time", "partitionkey"];

    /// <summary>The application property that says whom a message is for.</summary>
    public const string Delivery = ChangeFeed.Envelope.Delivery.Property;

    /// <summary>The trace context properties.</summary>
    public static IReadOnlyList<string> Tracing { get; } = ["traceparent", "Diagnostic-Id"];

    /// <summary>The outbox record's <c>causationId</c>, an application property of outbox events only.</summary>
    public const string CausationId = "causationId";

    /// <summary>The schema of each attribute and property, keyed by its name in <c>components/schemas</c>.</summary>
    public static IEnumerable<KeyValuePair<string, JsonNode?>> Schemas()
    {
        yield return new("specversion", Text("The CloudEvents specification version.", ("const", IntegrationEvent.SpecVersion)));
        yield return new("id", Text(
            "The event id, also the message's MessageId: deterministic, so a re-sent change has the same id (duplicate detection drops it within its window; "
            + "subscribers dedupe on it beyond). Change data capture: a name-based UUID of account, database, container, partition key, document id and _lsn; "
            + "outbox: the record's id; event store: a name-based UUID of account, database, container, stream and document id.",
            ("minLength", 1), ("maxLength", SessionIds.MaxLength)));
        yield return new("source", Text("The route's Source; by default /cosmos/<account>/<database>/<container>.", ("minLength", 1), ("format", "uri-reference")));
        yield return new("type", Text(
            "The event type, also the message's Subject (what correlation filters select on). Change data capture: <prefix><entity>.upserted or .deleted "
            + "(.<version> appended when the route sets TypeVersion); outbox: the record's type; event store: <prefix> + the document's type property.",
            ("minLength", 1)));
        yield return new("subject", Text("Change data capture: the document id; outbox: the record's aggregateId; event store: the stream (the partition key).", ("minLength", 1)));
        yield return new("time", Text("Change data capture and event store: the document's _ts (whole seconds); outbox: the record's occurredAt. RFC 3339.", ("format", "date-time")));
        yield return new("datacontenttype", Text("The media type of data: the message's ContentType in binary mode.", ("const", "application/json")));
        yield return new("dataschema", Text("The $id of the data's JSON Schema, on events of the types a route names a DataSchema for.", ("format", "uri")));
        yield return new("partitionkey", Text(
            "The ordering key: the document's partition key (a hierarchical key as a JSON array), for outbox records the aggregateId (or the record's partition key). "
            + $"The message's SessionId is this value when it has at most {SessionIds.MaxLength} characters, else 'sha256:' + the lowercase hex SHA-256 of its UTF-8 bytes.",
            ("minLength", 1)));
        yield return new("lsn", Text(
            "The change's position in its container's change feed (Cosmos DB _lsn, decimal): of two events of one entity the higher is the newer state. "
            + "Positions of different partitions are not comparable.",
            ("pattern", "^[1-9][0-9]*$")));
        yield return new("originalid", Text("On a backfilled copy only: the id the same change has when the relay publishes it live; dedupe on it.", ("minLength", 1), ("maxLength", SessionIds.MaxLength)));
        yield return new("dataref", Text(
            "Claim check: the event was too large for its topic, so its data is stored in Blob Storage at this URI (written before the message was sent) "
            + "and the message carries no data (an empty body in binary mode, no data member in structured mode). Read the blob before handling the event.",
            ("format", "uri-reference")));
        yield return new(Delivery, Text(
            "Whom the message is for: live (the relay's events, for every subscription) or backfill (a backfill's copy, for the one subscription named in the message's To).",
            ("enum", new JsonArray(ChangeFeed.Envelope.Delivery.Live, ChangeFeed.Envelope.Delivery.Backfill))));
        yield return new("traceparent", Text(
            "W3C trace context (also in Diagnostic-Id): the outbox record's traceparent (the writer's trace), otherwise the relay's own activity; absent without a trace.",
            ("minLength", 1)));
        yield return new(CausationId, Text("Outbox only: the record's causationId, the id of the command or message that caused the event.", ("minLength", 1)));
        yield return new("header", Text(
            "Outbox only: one of the record's headers, an application property of the header's name. Names starting cloudEvents_, "
            + "changefeed_delivery, traceparent, Diagnostic-Id and causationId are reserved (a record using one is parked).",
            []));
    }

    /// <summary>A reference to one of <see cref="Schemas"/>.</summary>
    public static JsonObject Ref(string name) => new() { ["$ref"] = $"#/components/schemas/{name}" };

    private static JsonObject Text(string description, params (string Key, JsonNode? Value)[] keywords)
    {
        var schema = new JsonObject { ["type"] = "string", ["description"] = description };
        foreach (var (key, value) in keywords)
            schema[key] = value;
        return schema;
    }
}

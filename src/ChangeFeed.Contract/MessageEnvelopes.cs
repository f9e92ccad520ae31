using System.Text.Json.Nodes;
using ChangeFeed.ServiceBus;

namespace ChangeFeed.Contract;

/// <summary>
/// The shapes every message has, whatever its type, as schemas of <c>components/schemas</c>: the application
/// properties of each content mode (closed, so a property the contract does not describe is a contract violation;
/// outbox events also carry the record's headers), the structured-mode body (the CloudEvent), the Service Bus
/// message properties, and the data when no schema is named.
/// </summary>
public static class MessageEnvelopes
{
    public const string BinaryProperties = "BinaryModeApplicationProperties";
    public const string BinaryOutboxProperties = "BinaryModeOutboxApplicationProperties";
    public const string StructuredProperties = "StructuredModeApplicationProperties";
    public const string StructuredOutboxProperties = "StructuredModeOutboxApplicationProperties";
    public const string CloudEvent = "CloudEvent";
    public const string ServiceBusProperties = "ServiceBusMessageProperties";
    public const string DocumentData = "DocumentData";
    public const string RecordData = "OutboxRecordData";

    /// <summary>Application property names an outbox header may not take (the router parks a record that uses one).</summary>
    public const string ReservedHeaderPattern = "^(cloudEvents_|changefeed_delivery$|traceparent$|Diagnostic-Id$|causationId$)";

    public static IEnumerable<KeyValuePair<string, JsonNode?>> Schemas()
    {
        var binary = new JsonObject();
        foreach (var attribute in WireAttributes.CloudEvents.Where(attribute => attribute != "datacontenttype"))
            binary[EnvelopeEncoder.Prefix + attribute] = WireAttributes.Ref(attribute);
        AddServiceBusProperties(binary);
        var binaryRequired = WireAttributes.Required.Select(attribute => EnvelopeEncoder.Prefix + attribute).Append(WireAttributes.Delivery).ToArray();

        var structured = new JsonObject();
        AddServiceBusProperties(structured);

        yield return new(BinaryProperties, Closed("Binary mode (the default): the CloudEvents attributes as cloudEvents_* application properties (datacontenttype is the message's ContentType), plus delivery and tracing.", binary, binaryRequired));
        yield return new(BinaryOutboxProperties, Open("Binary mode on an outbox route: as " + BinaryProperties + ", plus causationId and the record's headers.", binary, binaryRequired));
        yield return new(StructuredProperties, Closed("Structured mode: the CloudEvent is the body; the application properties are delivery and tracing only.", structured, [WireAttributes.Delivery]));
        yield return new(StructuredOutboxProperties, Open("Structured mode on an outbox route: as " + StructuredProperties + ", plus causationId and the record's headers.", structured, [WireAttributes.Delivery]));

        var envelope = new JsonObject();
        foreach (var attribute in WireAttributes.CloudEvents)
            envelope[attribute] = WireAttributes.Ref(attribute);
        envelope["data"] = new JsonObject { ["description"] = "The event's data, as JSON; absent when dataref is set." };
        yield return new(CloudEvent, new JsonObject
        {
            ["type"] = "object",
            ["description"] = "The structured-mode body (ContentType application/cloudevents+json): the CloudEvent as JSON (CloudEvents 1.0 JSON event format).",
            ["required"] = Array([.. WireAttributes.Required, "datacontenttype"]),
            ["properties"] = envelope,
            ["additionalProperties"] = false,
        });

        yield return new(ServiceBusProperties, new JsonObject
        {
            ["type"] = "object",
            ["description"] = "The Service Bus message's own properties, in both content modes.",
            ["required"] = Array("MessageId", "SessionId", "Subject", "ContentType"),
            ["properties"] = new JsonObject
            {
                ["MessageId"] = Described("The event id (duplicate detection keys on it).", WireAttributes.Ref("id")),
                ["SessionId"] = new JsonObject
                {
                    ["type"] = "string",
                    ["minLength"] = 1,
                    ["maxLength"] = SessionIds.MaxLength,
                    ["description"] = "The partitionkey attribute when it has at most 128 characters, else 'sha256:' + the lowercase hex SHA-256 of its UTF-8 bytes. "
                        + "One session carries one entity's events in the order they happened; there is no order across sessions.",
                },
                ["Subject"] = Described("The event type.", WireAttributes.Ref("type")),
                ["ContentType"] = new JsonObject { ["type"] = "string", ["enum"] = Array("application/json", EnvelopeEncoder.StructuredContentType) },
                ["CorrelationId"] = new JsonObject { ["type"] = "string", ["description"] = "The route's CorrelationIdProperty value, or the outbox record's correlationId." },
                ["To"] = new JsonObject { ["type"] = "string", ["description"] = "On a backfilled copy: the one subscription it is for." },
            },
            ["additionalProperties"] = false,
        });

        yield return new(DocumentData, new JsonObject { ["type"] = "object", ["description"] = "Change data capture and event store: the document as the change feed returned it, without its system properties, filtered by the route's include and exclude lists." });
        yield return new(RecordData, new JsonObject { ["description"] = "Outbox: the record's data, any JSON value, unchanged." });
    }

    private static void AddServiceBusProperties(JsonObject properties)
    {
        properties[WireAttributes.Delivery] = WireAttributes.Ref(WireAttributes.Delivery);
        foreach (var name in WireAttributes.Tracing)
            properties[name] = WireAttributes.Ref("traceparent");
    }

    private static JsonObject Closed(string description, JsonObject properties, string[] required) => new()
    {
        ["type"] = "object",
        ["description"] = description,
        ["required"] = Array(required),
        ["properties"] = properties.DeepClone(),
        ["additionalProperties"] = false,
    };

    private static JsonObject Open(string description, JsonObject properties, string[] required)
    {
        var schema = Closed(description, properties, required);
        var all = (JsonObject)schema["properties"]!;
        all[WireAttributes.CausationId] = WireAttributes.Ref(WireAttributes.CausationId);
        schema["additionalProperties"] = WireAttributes.Ref("header");
        schema["propertyNames"] = new JsonObject
        {
            ["anyOf"] = new JsonArray(
                new JsonObject { ["enum"] = Array([.. all.Select(property => property.Key)]) },
                new JsonObject { ["not"] = new JsonObject { ["pattern"] = ReservedHeaderPattern } }),
        };
        return schema;
    }

    private static JsonObject Described(string description, JsonObject reference) =>
        new() { ["description"] = description, ["allOf"] = new JsonArray(reference) };

    private static JsonArray Array(params string[] values) => new([.. values.Select(value => (JsonNode?)value)]);
}

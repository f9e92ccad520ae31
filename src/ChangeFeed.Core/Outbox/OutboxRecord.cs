using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChangeFeed.Outbox;

/// <summary>
/// One event the application meant to publish, written in the same transactional batch as the entity it travels
/// with. Schema version 1; the relay parks records of a version it does not know instead of guessing.
/// </summary>
public sealed record OutboxRecord
{
    /// <summary>The discriminator value of <see cref="Kind"/>: how the relay tells outbox records from entities sharing a container.</summary>
    public const string OutboxKind = "outbox";

    /// <summary>The schema version this relay reads and writes.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>Unique per event and time-ordered (UUIDv7): becomes the CloudEvents id and Service Bus MessageId.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The logical partition of the entity this record is committed with.</summary>
    [JsonPropertyName("partitionKey")]
    public required string PartitionKey { get; init; }

    [JsonPropertyName("kind")]
    public string Kind { get; init; } = OutboxKind;

    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>What kind of entity changed, e.g. <c>order</c>; may select the topic.</summary>
    [JsonPropertyName("aggregateType")]
    public required string AggregateType { get; init; }

    /// <summary>Which entity changed: the CloudEvents subject and, by default, the ordering key (session).</summary>
    [JsonPropertyName("aggregateId")]
    public required string AggregateId { get; init; }

    /// <summary>The integration event type, e.g. <c>com.contoso.orders.OrderPlaced</c>.</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    /// <summary>The payload, any JSON: published as the event's data exactly as written.</summary>
    [JsonPropertyName("data")]
    public required JsonElement Data { get; init; }

    /// <summary>When the change happened in the domain: the CloudEvents time.</summary>
    [JsonPropertyName("occurredAt")]
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>Ties the event to the request or conversation that caused it (message CorrelationId).</summary>
    [JsonPropertyName("correlationId")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CorrelationId { get; init; }

    /// <summary>The id of the message or command that caused this event.</summary>
    [JsonPropertyName("causationId")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CausationId { get; init; }

    /// <summary>The W3C trace context of the writing request, so the trace continues through the relay.</summary>
    [JsonPropertyName("traceparent")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TraceParent { get; init; }

    /// <summary>Extra string headers, copied to the message's application properties.</summary>
    [JsonPropertyName("headers")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>Seconds until Cosmos DB removes the record (the container needs TTL on); the relay has read it long before.</summary>
    [JsonPropertyName("ttl")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Ttl { get; init; }
}

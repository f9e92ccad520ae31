using System.Text.Json;

namespace ChangeFeed.Cosmos.Outbox;

/// <summary>Where and how the <see cref="OutboxWriter"/> writes.</summary>
public sealed class OutboxWriterOptions
{
    /// <summary>
    /// The container's partition key path: one top-level property, e.g. <c>/customerId</c> when outbox records share
    /// the entity container, <c>/partitionKey</c> for a dedicated outbox container.
    /// </summary>
    public string PartitionKeyPath { get; set; } = "/partitionKey";

    /// <summary>Seconds an outbox record lives (the container needs TTL on); null keeps records. Default 7 days.</summary>
    public int? RecordTimeToLive { get; set; } = 7 * 24 * 60 * 60;

    /// <summary>
    /// How entities and event data are serialised. The default allows the nesting Cosmos DB allows
    /// (<see cref="DocumentLimits"/>; System.Text.Json's own default stops at 64 levels).
    /// </summary>
    public JsonSerializerOptions SerializerOptions { get; set; } = new(JsonSerializerDefaults.Web) { MaxDepth = DocumentLimits.MaxReadDepth };
}

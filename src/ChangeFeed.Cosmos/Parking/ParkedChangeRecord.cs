using System.Text.Json;
using System.Text.Json.Serialization;
using ChangeFeed.Parking;

namespace ChangeFeed.Cosmos.Parking;

/// <summary>
/// The item a parked change is stored as. Written and read as JSON streams with System.Text.Json, so its shape does
/// not depend on the serializer the <c>CosmosClient</c> was configured with, with the data path's depth
/// (<see cref="DocumentLimits"/>): a document nested as deep as Cosmos DB allows is kept one level down, in <c>document</c>.
/// </summary>
internal sealed record ParkedChangeRecord
{
    /// <summary>
    /// The largest document kept in a parked record. Cosmos DB items are limited to 2 MB; a record that could not be
    /// written would fail the batch again and again, so a larger document is left out (the reason says so) and stays
    /// readable in the source container by its id.
    /// </summary>
    public const int MaxDocumentBytes = 1536 * 1024;

    [JsonPropertyName("id")] public required string Id { get; init; }

    /// <summary>The partition key: <c>database/container</c> of the watched container.</summary>
    [JsonPropertyName("sourceContainer")] public required string SourceContainer { get; init; }

    [JsonPropertyName("route")] public required string Route { get; init; }

    [JsonPropertyName("documentId")] public string? DocumentId { get; init; }

    [JsonPropertyName("partitionKey")] public string? PartitionKey { get; init; }

    [JsonPropertyName("lsn")] public long? Lsn { get; init; }

    [JsonPropertyName("eventId")] public string? EventId { get; init; }

    [JsonPropertyName("reason")] public required string Reason { get; init; }

    /// <summary>The change as the change feed delivered it, as JSON (an operator may fix it here before a replay); null when too large to keep.</summary>
    [JsonPropertyName("document")]
    [JsonConverter(typeof(RawJsonElementConverter))]
    public required JsonElement Document { get; init; }

    /// <summary>The size of the change as delivered, in UTF-8 bytes.</summary>
    [JsonPropertyName("documentBytes")] public int DocumentBytes { get; init; }

    [JsonPropertyName("parkedAt")] public required DateTimeOffset ParkedAt { get; init; }

    /// <summary>Seconds until Cosmos DB deletes the item (the container's time to live must be on).</summary>
    [JsonPropertyName("ttl")] public int TimeToLive { get; init; }

    public static ParkedChangeRecord From(ParkedChange change, TimeSpan timeToLive)
    {
        var bytes = System.Text.Encoding.UTF8.GetByteCount(change.Document);
        var kept = bytes <= MaxDocumentBytes;
        using var document = JsonDocument.Parse(kept ? change.Document : "null", DocumentLimits.DocumentOptions);
        return new ParkedChangeRecord
        {
            Id = change.Id,
            SourceContainer = change.SourceContainer,
            Route = change.Route,
            DocumentId = change.DocumentId,
            PartitionKey = change.PartitionKey,
            Lsn = change.Lsn,
            EventId = change.EventId,
            Reason = kept
                ? change.Reason
                : $"{change.Reason} (the document, {bytes} bytes, is too large to keep in the parking lot: read it from {change.SourceContainer} by id '{change.DocumentId}')",
            Document = document.RootElement.Clone(),
            DocumentBytes = bytes,
            ParkedAt = change.ParkedAt,
            TimeToLive = (int)Math.Clamp(timeToLive.TotalSeconds, 1, int.MaxValue),
        };
    }
}

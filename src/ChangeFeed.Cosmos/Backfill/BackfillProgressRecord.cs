using System.Text.Json.Serialization;
using ChangeFeed.Backfill;

namespace ChangeFeed.Cosmos.Backfill;

/// <summary>
/// A backfill run as it is kept in the lease container (partition key <c>/id</c>), one item per route and subscription:
/// <c>changefeed-backfill.&lt;route&gt;.&lt;subscription&gt;</c>. Written and read as JSON streams with System.Text.Json, so
/// its shape does not depend on the client's serializer.
/// </summary>
internal sealed record BackfillProgressRecord
{
    public const string Kind = "backfill";

    [JsonPropertyName("id")] public required string Id { get; init; }

    [JsonPropertyName("kind")] public string RecordKind { get; init; } = Kind;

    [JsonPropertyName("runId")] public required string RunId { get; init; }

    [JsonPropertyName("route")] public required string Route { get; init; }

    [JsonPropertyName("subscription")] public required string Subscription { get; init; }

    [JsonPropertyName("since")] public DateTimeOffset? Since { get; init; }

    [JsonPropertyName("continuation")] public string? Continuation { get; init; }

    [JsonPropertyName("documentsRead")] public long DocumentsRead { get; init; }

    [JsonPropertyName("eventsSent")] public long EventsSent { get; init; }

    [JsonPropertyName("skipped")] public long Skipped { get; init; }

    [JsonPropertyName("requestCharge")] public double RequestCharge { get; init; }

    [JsonPropertyName("startedAt")] public DateTimeOffset StartedAt { get; init; }

    [JsonPropertyName("updatedAt")] public DateTimeOffset UpdatedAt { get; init; }

    [JsonPropertyName("completedAt")] public DateTimeOffset? CompletedAt { get; init; }

    public static BackfillProgressRecord From(BackfillProgress progress) => new()
    {
        Id = CosmosBackfillProgressStore.ItemId(progress.Route, progress.Subscription),
        RunId = progress.RunId,
        Route = progress.Route,
        Subscription = progress.Subscription,
        Since = progress.Since,
        Continuation = progress.Continuation,
        DocumentsRead = progress.DocumentsRead,
        EventsSent = progress.EventsSent,
        Skipped = progress.Skipped,
        RequestCharge = progress.RequestCharge,
        StartedAt = progress.StartedAt,
        UpdatedAt = progress.UpdatedAt,
        CompletedAt = progress.CompletedAt,
    };

    public BackfillProgress ToProgress(string? etag) => new()
    {
        RunId = RunId,
        Route = Route,
        Subscription = Subscription,
        Since = Since,
        Continuation = Continuation,
        DocumentsRead = DocumentsRead,
        EventsSent = EventsSent,
        Skipped = Skipped,
        RequestCharge = RequestCharge,
        StartedAt = StartedAt,
        UpdatedAt = UpdatedAt,
        CompletedAt = CompletedAt,
        ETag = etag,
    };
}

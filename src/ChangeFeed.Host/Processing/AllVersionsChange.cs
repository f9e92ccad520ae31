using System.Globalization;
using System.Text.Json;
using ChangeFeed.Parking;
using ChangeFeed.Reading;
using ChangeFeed.Routing;
using Microsoft.Azure.Cosmos;
using Newtonsoft.Json.Linq;

namespace ChangeFeed.Host.Processing;

/// <summary>
/// Turns an all-versions-and-deletes change into the document the relay expects: for a create or replace, the
/// current version; for a delete, the previous version when the service kept it, else a document made of the id and
/// partition key in the metadata, marked with <see cref="ChangeOperation.Property"/> (<c>delete</c>, or <c>expire</c>
/// for a TTL expiry). Every document gets the change's <c>_lsn</c> (so a delete's event id differs from its last
/// write's) and a <c>_ts</c>.
/// </summary>
public static class AllVersionsChange
{
    public static JsonElement ToDocument(ChangeFeedItem<JObject> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var metadata = change.Metadata;
        var timestamp = new DateTimeOffset(DateTime.SpecifyKind(metadata.ConflictResolutionTimestamp, DateTimeKind.Utc)).ToUnixTimeSeconds();
        JObject document;
        if (metadata.OperationType == ChangeFeedOperationType.Delete)
        {
            document = change.Previous is { } previous ? (JObject)previous.DeepClone() : FromMetadata(metadata);
            document[ChangeOperation.Property] = metadata.IsTimeToLiveExpired ? ChangeOperation.Expire : ChangeOperation.Delete;
            document["_ts"] = timestamp;
        }
        else
        {
            document = change.Current is { } current ? (JObject)current.DeepClone() : FromMetadata(metadata);
            if (document["_ts"] is not { Type: JTokenType.Integer })
                document["_ts"] = timestamp;
        }

        document["_lsn"] = metadata.Lsn;
        using var json = JsonDocument.Parse(document.ToString(Newtonsoft.Json.Formatting.None), DocumentLimits.DocumentOptions);
        return json.RootElement.Clone();
    }

    /// <summary>
    /// <see cref="ToDocument"/>, or, should that throw for what the change holds, an <see cref="UnreadableChange"/> in
    /// its place, which the relay parks with the exception as the reason (decision 0023).
    /// </summary>
    public static JsonElement ToDocumentOrUnreadable(ChangeFeedItem<JObject> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        try
        {
            return ToDocument(change);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var raw = System.Text.Encoding.UTF8.GetBytes((change.Current ?? change.Previous)?.ToString(Newtonsoft.Json.Formatting.None) ?? "null");
            return UnreadableChange.Create(raw, $"{Describe(change)}: {Unrelayable.Reason("reading", exception)}");
        }
    }

    /// <summary>A delete without its previous image: the id and the partition key values (nested paths as nested objects).</summary>
    private static JObject FromMetadata(ChangeFeedMetadata metadata)
    {
        var document = new JObject { ["id"] = metadata.Id };
        foreach (var (path, value) in metadata.PartitionKey ?? [])
        {
            var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (segments.Length == 0)
                continue;
            var parent = document;
            foreach (var segment in segments[..^1])
                parent = parent[segment] as JObject ?? (JObject)(parent[segment] = new JObject());
            parent[segments[^1]] = value is null ? JValue.CreateNull() : JToken.FromObject(value);
        }

        return document;
    }

    internal static string Describe(ChangeFeedItem<JObject> change) =>
        string.Create(CultureInfo.InvariantCulture, $"{change.Metadata.OperationType} of '{change.Metadata.Id}' at lsn {change.Metadata.Lsn}");
}

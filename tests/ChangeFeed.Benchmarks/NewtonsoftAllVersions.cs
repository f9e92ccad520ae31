using System.Text.Json;
using ChangeFeed.Routing;
using Microsoft.Azure.Cosmos;
using Newtonsoft.Json.Linq;

namespace ChangeFeed.Benchmarks;

/// <summary>
/// The all-versions-and-deletes mapping the host had before issue 27, kept as the "before" of
/// <see cref="PageReadingBenchmarks"/>: the SDK's typed changes (a Newtonsoft <see cref="JObject"/> per version),
/// then per change a <c>DeepClone</c>, the added properties, <c>ToString</c> and a System.Text.Json re-parse.
/// </summary>
public static class NewtonsoftAllVersions
{
    public static JsonElement ToDocument(ChangeFeedItem<JObject> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var metadata = change.Metadata;
        var timestamp = new DateTimeOffset(DateTime.SpecifyKind(metadata.ConflictResolutionTimestamp, DateTimeKind.Utc)).ToUnixTimeSeconds();
        JObject document;
        if (metadata.OperationType == ChangeFeedOperationType.Delete)
        {
            document = change.Previous is { } previous ? (JObject)previous.DeepClone() : new JObject { ["id"] = metadata.Id };
            document[ChangeOperation.Property] = metadata.IsTimeToLiveExpired ? ChangeOperation.Expire : ChangeOperation.Delete;
            document["_ts"] = timestamp;
        }
        else
        {
            document = (JObject)change.Current.DeepClone();
            if (document["_ts"] is not { Type: JTokenType.Integer })
                document["_ts"] = timestamp;
        }

        document["_lsn"] = metadata.Lsn;
        using var json = JsonDocument.Parse(document.ToString(Newtonsoft.Json.Formatting.None), DocumentLimits.DocumentOptions);
        return json.RootElement.Clone();
    }
}

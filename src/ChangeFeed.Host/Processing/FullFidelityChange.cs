using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChangeFeed.Host.Processing;

/// <summary>The operations of the all-versions-and-deletes change feed.</summary>
public enum FullFidelityOperation
{
    Create,
    Replace,
    Delete,
}

/// <summary>
/// One change of the all-versions-and-deletes change feed as the service writes it (wire format 2021-09-15):
/// <c>{"current":{...},"previous":{...},"metadata":{"operationType":"create|replace|delete","lsn":n,"crts":n,
/// "previousImageLSN":n,"timeToLiveExpired":b,"id":"...","partitionKey":{"/path":value}}}</c>, read with
/// System.Text.Json. <see cref="Image"/> is the document the change stands for: the current version of a write, the
/// previous version of a delete, or for a delete without it, one made of the metadata's id and partition key.
/// </summary>
public sealed record FullFidelityChange(
    FullFidelityOperation Operation, long Lsn, long Timestamp, bool TimeToLiveExpired, string? Id, JsonElement? Image)
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, MaxDepth = DocumentLimits.MaxReadDepth };

    /// <summary>
    /// Reads <paramref name="change"/>; false with the <paramref name="problem"/> when it is not a change as the
    /// service writes it (<paramref name="read"/> then holds what was read, if the metadata could be).
    /// </summary>
    public static bool TryRead(JsonElement change, out FullFidelityChange? read, out string problem)
    {
        read = null;
        try
        {
            return TryReadChange(change, out read, out problem);
        }
        catch (Exception exception) when (exception is InvalidOperationException or JsonException or FormatException)
        {
            // A name or string .NET cannot unescape where the metadata should be.
            problem = $"{exception.GetType().FullName}: {exception.Message}";
            return false;
        }
    }

    private static bool TryReadChange(JsonElement change, out FullFidelityChange? read, out string problem)
    {
        read = null;
        if (change.ValueKind != JsonValueKind.Object)
            return Fail($"the change is a JSON {change.ValueKind}, not an object", out problem);
        if (!change.TryGetProperty("metadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object)
            return Fail("the change has no 'metadata' object", out problem);
        if (!metadata.TryGetProperty("operationType", out var type) || type.ValueKind != JsonValueKind.String || OperationOf(type.GetString()) is not { } operation)
            return Fail("the metadata has no 'operationType' create, replace or delete", out problem);
        if (!metadata.TryGetProperty("lsn", out var lsnValue) || lsnValue.ValueKind != JsonValueKind.Number || !lsnValue.TryGetInt64(out var lsn))
            return Fail("the metadata has no integer 'lsn'", out problem);
        var id = metadata.TryGetProperty("id", out var idValue) && idValue.ValueKind == JsonValueKind.String ? idValue.GetString() : null;
        var expired = metadata.TryGetProperty("timeToLiveExpired", out var expiredValue) && expiredValue.ValueKind == JsonValueKind.True;
        var image = change.TryGetProperty(operation == FullFidelityOperation.Delete ? "previous" : "current", out var version) ? version : default;
        read = new FullFidelityChange(operation, lsn, 0, expired, id, image.ValueKind == JsonValueKind.Object ? image : null);

        if (!metadata.TryGetProperty("crts", out var crts) || crts.ValueKind != JsonValueKind.Number || !crts.TryGetDouble(out var seconds) || seconds <= 0)
            return Fail("the metadata has no positive 'crts'", out problem);
        // Absent is the service's delete without a previous image; a version that is there must be a document, as a
        // latest-version page's entry must be (a JSON null is parked there too).
        if (image.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined))
            return Fail($"its {(operation == FullFidelityOperation.Delete ? "previous" : "current")} version is a JSON {image.ValueKind}, not an object", out problem);

        read = read with { Timestamp = (long)Math.Floor(seconds), Image = read.Image ?? FromMetadata(id, metadata) };
        problem = string.Empty;
        return true;
    }

    /// <summary>A document of the id and the partition key values, nested paths as nested objects.</summary>
    private static JsonElement FromMetadata(string? id, JsonElement metadata)
    {
        var document = new JsonObject { ["id"] = id };
        if (metadata.TryGetProperty("partitionKey", out var key) && key.ValueKind == JsonValueKind.Object)
        {
            foreach (var (path, value) in key.EnumerateObject().Select(p => (p.Name, p.Value)))
            {
                var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
                if (segments.Length == 0)
                    continue;
                var parent = document;
                foreach (var segment in segments[..^1])
                    parent = parent[segment] as JsonObject ?? (JsonObject)(parent[segment] = new JsonObject())!;
                parent[segments[^1]] = JsonNode.Parse(value.GetRawText(), documentOptions: DocumentLimits.DocumentOptions);
            }
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            document.WriteTo(writer);
        using var json = JsonDocument.Parse(buffer.WrittenMemory, DocumentLimits.DocumentOptions);
        return json.RootElement.Clone();
    }

    private static FullFidelityOperation? OperationOf(string? name) => name?.ToUpperInvariant() switch
    {
        "CREATE" => FullFidelityOperation.Create,
        "REPLACE" => FullFidelityOperation.Replace,
        "DELETE" => FullFidelityOperation.Delete,
        _ => null,
    };

    private static bool Fail(string why, out string problem)
    {
        problem = why;
        return false;
    }
}

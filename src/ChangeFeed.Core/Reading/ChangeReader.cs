using System.Text.Json;
using System.Text.Unicode;
using ChangeFeed.Telemetry;
using Microsoft.Extensions.Logging;

namespace ChangeFeed.Reading;

/// <summary>
/// Reads a batch of changes as a host receives it into the <see cref="JsonElement"/>s the <see cref="Relay"/> takes,
/// accepting every document Cosmos DB accepts (<see cref="DocumentLimits"/>). A batch that cannot be read as a whole
/// is never refused: it is cut into its documents, every document that can be read is kept in its place, and each one
/// that cannot becomes an <see cref="UnreadableChange"/> in its place, which the relay parks with the reason. Such a
/// change counts as a failed relay (<c>changefeed.relays.failed</c>) and is logged with its route, lease and id.
/// </summary>
public sealed class ChangeReader(ChangeFeedTelemetry telemetry, ILogger<ChangeReader> logger)
{
    /// <summary>A change feed page as the SDK hands it to a stream handler: <c>{"Documents":[...], "_count": n}</c>.</summary>
    public ParsedChanges ReadPage(ReadOnlyMemory<byte> page, string route, string? lease)
    {
        JsonDocument? json = null;
        try
        {
            json = Parse(page);
            if (json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("Documents", out var documents) && documents.ValueKind == JsonValueKind.Array)
            {
                return Keep(ref json, documents);
            }

            return Split(page, ArrayOf(page.Span, page: true), "the page has no 'Documents' array", route, lease);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return Split(page, ArrayOf(page.Span, page: true), Problem(exception), route, lease);
        }
        finally
        {
            json?.Dispose();
        }
    }

    /// <summary>A batch as the Functions host hands it to a trigger bound to <c>string</c>: a JSON array of documents.</summary>
    public ParsedChanges ReadBatch(ReadOnlyMemory<byte> batch, string route, string? lease)
    {
        JsonDocument? json = null;
        try
        {
            json = Parse(batch);
            return json.RootElement.ValueKind == JsonValueKind.Array
                ? Keep(ref json, json.RootElement)
                : Split(batch, -1, $"the batch is a JSON {json.RootElement.ValueKind}, not an array", route, lease);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return Split(batch, ArrayOf(batch.Span, page: false), Problem(exception), route, lease);
        }
        finally
        {
            json?.Dispose();
        }
    }

    /// <summary>Parses with the data path's depth; bytes that are not UTF-8 are refused too (the parser lets them through in strings).</summary>
    private static JsonDocument Parse(ReadOnlyMemory<byte> json) =>
        Utf8.IsValid(json.Span)
            ? JsonDocument.Parse(json, DocumentLimits.DocumentOptions)
            : throw new JsonException($"The bytes are not valid UTF-8 (from byte {InvalidFrom(json.Span)}).");

    /// <summary>A parser's message as it is; any other exception (reading must never throw) with its type (decision 0023).</summary>
    private static string Problem(Exception exception) =>
        exception is JsonException ? exception.Message : $"{exception.GetType().FullName}: {exception.Message}";

    private static int InvalidFrom(ReadOnlySpan<byte> bytes) =>
        Utf8.ToUtf16(bytes, new char[bytes.Length], out var read, out _, replaceInvalidSequences: false) == System.Buffers.OperationStatus.Done ? -1 : read;

    /// <summary>The documents as slices of the parse, which the result owns from now on (<paramref name="json"/> is cleared).</summary>
    private static ParsedChanges Keep(ref JsonDocument? json, JsonElement array)
    {
        var changes = new List<JsonElement>(array.GetArrayLength());
        foreach (var document in array.EnumerateArray())
            changes.Add(document);
        var parsed = new ParsedChanges(changes, json);
        json = null;
        return parsed;
    }

    /// <summary>Where the array of documents opens, found without parsing; -1 when there is none.</summary>
    private static int ArrayOf(ReadOnlySpan<byte> json, bool page)
    {
        var start = page ? LenientJson.TopLevelValue(json, "Documents"u8) : LenientJson.SkipWhiteSpace(json, 0);
        return start >= 0 && start < json.Length && json[start] == (byte)'[' ? start : -1;
    }

    private ParsedChanges Split(ReadOnlyMemory<byte> batch, int open, string problem, string route, string? lease)
    {
        lease ??= "(not told)";
        if (open < 0)
        {
            // Not even the list of documents can be found: the whole batch is the one change that cannot be read.
            var whole = UnreadableChange.Create(batch.Span, $"the batch's list of documents could not be found: {problem}");
            Report(whole, 0, 1, route, lease);
            return new ParsedChanges([whole]);
        }

        var elements = LenientJson.ArrayElements(batch.Span, open, out var terminated);
        logger.LogWarning(
            "Route {Route}, lease {Lease}: a batch of {Changes} changes could not be read as a whole ({Problem}); reading it change by change{Cut}",
            route, lease, elements.Count, problem, terminated ? "" : " (it ends before its list of documents does)");
        var changes = new List<JsonElement>(elements.Count);
        for (var i = 0; i < elements.Count; i++)
        {
            var element = batch.Slice(elements[i].Start, elements[i].Length);
            try
            {
                using var document = Parse(element);
                changes.Add(document.RootElement.Clone());
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                var reason = $"the change feed delivered this change as JSON that cannot be read: {Problem(exception)}";
                var unreadable = UnreadableChange.Create(element.Span, reason);
                Report(unreadable, i, elements.Count, route, lease);
                changes.Add(unreadable);
            }
        }

        return new ParsedChanges(changes);
    }

    private void Report(JsonElement unreadable, int index, int count, string route, string lease)
    {
        UnreadableChange.TryRead(unreadable, out var reason, out var id, out var lsn);
        telemetry.RecordUnreadable(route);
        logger.LogError(
            "Route {Route}, lease {Lease}: change {Index} of {Count} in the batch (id {DocumentId}, lsn {Lsn}) cannot be read and is parked: {Reason}",
            route, lease, index + 1, count, id ?? "(unknown)", lsn?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(unknown)", reason);
    }
}

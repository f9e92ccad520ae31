using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using ChangeFeed.Cosmos;
using ChangeFeed.Reading;
using ChangeFeed.Routing;

namespace ChangeFeed.Host.Processing;

/// <summary>
/// Turns an all-versions-and-deletes change into the document the relay expects: for a create or replace, the
/// current version; for a delete, the previous version when the service kept it, else a document made of the id and
/// partition key in the metadata, marked with <see cref="ChangeOperation.Property"/> (<c>delete</c>, or <c>expire</c>
/// for a TTL expiry). Every document gets the change's <c>_lsn</c> (so a delete's event id differs from its last
/// write's) and a <c>_ts</c>. A page is read with System.Text.Json and each document written once, its names and
/// values copied as the change feed delivered them (as in latest-version mode): the added properties take the place
/// of a property of the same (unescaped) name, else come last. A change that cannot be read, or whose metadata is
/// not what the service sends, becomes an <see cref="UnreadableChange"/> in its place, which the relay parks
/// (decision 0023): reading never throws.
/// </summary>
public static class AllVersionsChange
{
    /// <summary>The documents of a page, in the page's order (dispose them once relayed, see <see cref="ParsedChanges"/>).</summary>
    public static ParsedChanges ReadPage(FullFidelityPage page, ChangeReader reader, string route, string lease)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(reader);
        using var changes = reader.ReadBatch(page.Changes, route, lease);
        return ToDocuments(changes);
    }

    /// <summary>
    /// The documents of <paramref name="changes"/> (changes as the service writes them, or stand-ins from
    /// <see cref="ChangeReader"/>, kept as they are): all written into one buffer and parsed once, so each document
    /// is a slice of one page-sized buffer rather than an object graph or a clone of its own. None is a slice of
    /// <paramref name="changes"/>, which may be disposed once this returns.
    /// </summary>
    public static ParsedChanges ToDocuments(IReadOnlyList<JsonElement> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var documents = new JsonElement[changes.Count];
        var written = new List<int>(changes.Count);
        var size = 2;
        foreach (var change in changes)
            size += JsonMarshal.GetRawUtf8Value(change).Length + 96;
        var buffer = new PooledBufferWriter(size); // returned with the page (ParsedChanges), or below when not kept
        buffer.Write("["u8);
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            if (UnreadableChange.TryRead(change, out _, out _, out _))
            {
                documents[i] = change.Clone(); // the reader's, or a change that only looks like one: kept past the changes' parse
                continue;
            }

            if (!FullFidelityChange.TryRead(change, out var read, out var problem) || read is null)
            {
                documents[i] = Unreadable(change, read, problem);
                continue;
            }

            if (written.Count > 0)
                buffer.Write(","u8);
            Write(buffer, read);
            written.Add(i);
        }

        buffer.Write("]"u8);
        if (written.Count == 0)
        {
            buffer.Dispose();
            return new ParsedChanges(documents);
        }

        // One parse for the page, which the result owns: the documents are slices of it.
        JsonDocument page;
        try
        {
            page = JsonDocument.Parse(buffer.WrittenMemory, DocumentLimits.DocumentOptions);
        }
        catch (JsonException exception)
        {
            // Cannot happen (every piece written was read as JSON, or written here), but a page must never throw.
            buffer.Dispose();
            foreach (var index in written)
                documents[index] = Unreadable(changes[index], null, $"its document could not be written: {exception.Message}");
            return new ParsedChanges(documents);
        }

        var k = 0;
        foreach (var document in page.RootElement.EnumerateArray())
            documents[written[k++]] = document;
        return new ParsedChanges(documents, page, buffer);
    }

    /// <summary>The document of one change (see <see cref="ToDocuments"/>).</summary>
    public static JsonElement ToDocument(JsonElement change) => ToDocuments([change])[0]; // not disposed: the document outlives the call

    private static void Write(PooledBufferWriter buffer, FullFidelityChange change)
    {
        var operation = change.Operation switch
        {
            FullFidelityOperation.Delete when change.TimeToLiveExpired => ChangeOperation.Expire,
            FullFidelityOperation.Delete => ChangeOperation.Delete,
            _ => null,
        };
        Span<byte> number = stackalloc byte[24];
        var timestamp = Format(change.Timestamp, number);
        Span<byte> lsnBytes = stackalloc byte[24];
        var lsn = Format(change.Lsn, lsnBytes);
        var image = change.Image!.Value;

        // A write keeps the document's own _ts when it is an integer; a delete's is the time of the delete.
        var keepTimestamp = operation is null && HasIntegerTimestamp(image);
        var (markerSet, tsSet, lsnSet) = (operation is null, keepTimestamp, false);
        buffer.Write("{"u8);
        var first = true;
        foreach (var property in image.EnumerateObject())
        {
            buffer.Write(first ? "\""u8 : ",\""u8);
            buffer.Write(JsonMarshal.GetRawUtf8PropertyName(property));
            buffer.Write("\":"u8);
            first = false;
            if (operation is not null && PropertyLookup.NameIs(property, ChangeOperationProperty))
            {
                WriteString(buffer, operation);
                markerSet = true;
            }
            else if (!keepTimestamp && PropertyLookup.NameIs(property, "_ts"u8))
            {
                buffer.Write(timestamp);
                tsSet = true;
            }
            else if (PropertyLookup.NameIs(property, "_lsn"u8))
            {
                buffer.Write(lsn);
                lsnSet = true;
            }
            else
            {
                buffer.Write(JsonMarshal.GetRawUtf8Value(property.Value));
            }
        }

        if (!markerSet)
        {
            buffer.Write(first ? "\""u8 : ",\""u8);
            buffer.Write(ChangeOperationProperty);
            buffer.Write("\":"u8);
            WriteString(buffer, operation!);
            first = false;
        }

        if (!tsSet)
        {
            buffer.Write(first ? "\"_ts\":"u8 : ",\"_ts\":"u8);
            buffer.Write(timestamp);
            first = false;
        }

        if (!lsnSet)
        {
            buffer.Write(first ? "\"_lsn\":"u8 : ",\"_lsn\":"u8);
            buffer.Write(lsn);
        }

        buffer.Write("}"u8);
    }

    private static ReadOnlySpan<byte> ChangeOperationProperty => "_changeFeedOperation"u8;

    /// <summary>Newtonsoft's integer (what the mapping before this one kept): a number without fraction or exponent.</summary>
    private static bool IsInteger(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && JsonMarshal.GetRawUtf8Value(value).IndexOfAny(".eE"u8) < 0;

    private static bool HasIntegerTimestamp(JsonElement image)
    {
        // The last of duplicate names wins, as the mapping before this one read them.
        var found = false;
        foreach (var property in image.EnumerateObject())
        {
            if (PropertyLookup.NameIs(property, "_ts"u8))
                found = IsInteger(property.Value);
        }

        return found;
    }

    private static ReadOnlySpan<byte> Format(long value, Span<byte> destination) =>
        value.TryFormat(destination, out var length, provider: CultureInfo.InvariantCulture) ? destination[..length] : throw new InvalidOperationException("A long takes at most 20 bytes.");

    private static void WriteString(PooledBufferWriter buffer, string ascii)
    {
        buffer.Write("\""u8);
        var span = buffer.GetSpan(ascii.Length);
        var length = System.Text.Encoding.UTF8.GetBytes(ascii, span);
        buffer.Advance(length);
        buffer.Write("\""u8);
    }

    private static JsonElement Unreadable(JsonElement change, FullFidelityChange? read, string problem)
    {
        // The stand-in keeps the document when there is one (its id and _lsn are found in it), else the whole change.
        var raw = read?.Image is { } image ? JsonMarshal.GetRawUtf8Value(image) : JsonMarshal.GetRawUtf8Value(change);
        var what = read is { } known
            ? string.Create(CultureInfo.InvariantCulture, $"{known.Operation} of '{known.Id}' at lsn {known.Lsn}")
            : "a change";
        return UnreadableChange.Create(raw, $"{what}: the all-versions-and-deletes change cannot be read: {problem}");
    }
}

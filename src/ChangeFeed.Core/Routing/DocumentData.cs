using System.Runtime.InteropServices;
using System.Text.Json;

namespace ChangeFeed.Routing;

/// <summary>
/// Writes a document as event data: the document's own bytes, names and values as the change feed delivered them
/// (escapes included), without Cosmos DB system properties and with the route's include/exclude lists applied.
/// </summary>
internal static class DocumentData
{
    // The same names as IsSystemProperty's comparisons by length.
    private static readonly byte[][] SystemProperties =
        [.. new[] { "_rid", "_self", "_etag", "_attachments", "_ts", "_lsn", "_changeFeedOperation" }.Select(System.Text.Encoding.UTF8.GetBytes)];

    /// <summary>The data of <paramref name="document"/>; <paramref name="allKept"/>, when known, is the run of all its kept properties.</summary>
    public static byte[] Write(JsonElement document, Route route, DataRun? allKept = null)
    {
        // The data is the document minus a few properties, written byte by byte: names and values are copied as the
        // change feed delivered them (already valid JSON), never unescaped and escaped again, as
        // {"name":value,"name":value}. Kept properties that stand that way in the document already are copied as one
        // run (DataRun): most documents are one run followed by their system properties, copied straight into the
        // array returned. Scratch space of the document's size (pooled) holds anything else.
        var text = JsonMarshal.GetRawUtf8Value(document);
        if (allKept is { } known)
            return known.ToData(text);

        var run = new DataRun();
        PooledBufferWriter? buffer = null;
        try
        {
            foreach (var property in document.EnumerateObject())
            {
                var name = JsonMarshal.GetRawUtf8PropertyName(property);
                if (!Keep(property, name, route))
                    continue;

                var value = JsonMarshal.GetRawUtf8Value(property.Value);
                if (run.TryExtend(text, name, value))
                    continue;

                // Nothing written yet (no buffer, no run): the first kept property starts the run.
                if (buffer is null && run.IsEmpty && run.TryStart(text, name, value))
                    continue;

                buffer ??= Started(text.Length);
                run.Flush(buffer, text);
                if (!run.TryStart(text, name, value))
                    Append(buffer, name, value);
            }

            if (buffer is null)
                return run.ToData(text);

            run.Flush(buffer, text);
            buffer.Write("}"u8);
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            buffer?.Dispose();
        }
    }

    /// <summary>Whether the property is a Cosmos DB system property (<paramref name="raw"/>: its name as written), however escaped.</summary>
    public static bool IsSystemProperty(JsonProperty property, ReadOnlySpan<byte> raw) =>
        IsSystemProperty(property, raw, escaped: raw.IndexOf((byte)'\\') >= 0);

    /// <summary><see cref="IsSystemProperty(JsonProperty, ReadOnlySpan{byte})"/> when whether the name has escapes is known.</summary>
    public static bool IsSystemProperty(JsonProperty property, ReadOnlySpan<byte> raw, bool escaped)
    {
        // The system properties all start with '_' (or an escape): any other name is not one, without comparing it.
        if (raw.Length == 0 || (raw[0] != (byte)'_' && raw[0] != (byte)'\\'))
            return false;

        // A name without escapes is its own bytes: compared with the names of its length only.
        if (!escaped)
        {
            return raw.Length switch
            {
                3 => raw.SequenceEqual("_ts"u8),
                4 => raw.SequenceEqual("_rid"u8) || raw.SequenceEqual("_lsn"u8),
                5 => raw.SequenceEqual("_self"u8) || raw.SequenceEqual("_etag"u8),
                12 => raw.SequenceEqual("_attachments"u8),
                20 => raw.SequenceEqual("_changeFeedOperation"u8),
                _ => false,
            };
        }

        foreach (var name in SystemProperties)
        {
            if (PropertyLookup.NameIs(property, name))
                return true;
        }

        return false;
    }

    private static PooledBufferWriter Started(int length)
    {
        var buffer = new PooledBufferWriter(length + 2);
        buffer.Write("{"u8);
        return buffer;
    }

    /// <summary>One property written from its parts: <c>"name":value</c>, after a comma unless it is the first.</summary>
    private static void Append(PooledBufferWriter buffer, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        buffer.Write(buffer.WrittenSpan.Length > 1 ? ",\""u8 : "\""u8);
        buffer.Write(name);
        buffer.Write("\":"u8);
        buffer.Write(value);
    }

    private static bool Keep(JsonProperty property, ReadOnlySpan<byte> name, Route route)
    {
        if (IsSystemProperty(property, name))
            return false;

        if (route.ExcludeProperties.Count == 0 && route.IncludeProperties.Count == 0)
            return true;

        // A name that is no valid UTF-16 (an unpaired surrogate escape) equals no configured name.
        if (!TryGetName(property, out var unescaped))
            return route.IncludeProperties.Count == 0;
        return !route.ExcludeProperties.Contains(unescaped)
            && (route.IncludeProperties.Count == 0 || route.IncludeProperties.Contains(unescaped));
    }

    private static bool TryGetName(JsonProperty property, out string name)
    {
        try
        {
            name = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            name = string.Empty;
            return false;
        }
    }
}

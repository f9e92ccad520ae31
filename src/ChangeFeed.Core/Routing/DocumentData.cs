using System.Runtime.InteropServices;
using System.Text.Json;

namespace ChangeFeed.Routing;

/// <summary>
/// Writes a document as event data: the document's own bytes, names and values as the change feed delivered them
/// (escapes included), without Cosmos DB system properties and with the route's include/exclude lists applied.
/// </summary>
internal static class DocumentData
{
    private static readonly byte[][] SystemProperties =
        [.. new[] { "_rid", "_self", "_etag", "_attachments", "_ts", "_lsn", "_changeFeedOperation" }.Select(System.Text.Encoding.UTF8.GetBytes)];

    public static byte[] Write(JsonElement document, Route route)
    {
        // The data is the document minus a few properties, written byte by byte: names and values are copied as the
        // change feed delivered them (already valid JSON), never unescaped and escaped again. Scratch space of the
        // document's size never grows, and the only array kept is the exact-size copy returned.
        using var buffer = new PooledBufferWriter(JsonMarshal.GetRawUtf8Value(document).Length + 2);
        Append(buffer, "{"u8);
        var first = true;
        foreach (var property in document.EnumerateObject())
        {
            if (!Keep(property, route))
                continue;

            Append(buffer, first ? "\""u8 : ",\""u8);
            Append(buffer, JsonMarshal.GetRawUtf8PropertyName(property));
            Append(buffer, "\":"u8);
            Append(buffer, JsonMarshal.GetRawUtf8Value(property.Value));
            first = false;
        }

        Append(buffer, "}"u8);
        return buffer.WrittenSpan.ToArray();
    }

    private static void Append(PooledBufferWriter buffer, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(buffer.GetSpan(bytes.Length));
        buffer.Advance(bytes.Length);
    }

    private static bool Keep(JsonProperty property, Route route)
    {
        // The Cosmos DB system properties all start with '_' (or an escape): any other name is kept without comparing it.
        var raw = JsonMarshal.GetRawUtf8PropertyName(property);
        if (raw.Length > 0 && (raw[0] == (byte)'_' || raw[0] == (byte)'\\') && IsSystemProperty(property))
            return false;

        if (route.ExcludeProperties.Count == 0 && route.IncludeProperties.Count == 0)
            return true;

        // A name that is no valid UTF-16 (an unpaired surrogate escape) equals no configured name.
        if (!TryGetName(property, out var unescaped))
            return route.IncludeProperties.Count == 0;
        return !route.ExcludeProperties.Contains(unescaped)
            && (route.IncludeProperties.Count == 0 || route.IncludeProperties.Contains(unescaped));
    }

    private static bool IsSystemProperty(JsonProperty property)
    {
        // A loop, not a lambda: a closure over the property was allocated for each of the six per document.
        foreach (var name in SystemProperties)
        {
            if (PropertyLookup.NameIs(property, name))
                return true;
        }

        return false;
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

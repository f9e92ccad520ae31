using System.Runtime.InteropServices;
using System.Text.Json;

namespace ChangeFeed.Routing;

/// <summary>Writes a document as event data: without Cosmos DB system properties, with the route's include/exclude lists applied.</summary>
internal static class DocumentData
{
    public static byte[] Write(JsonElement document, Route route)
    {
        // The data is the document minus a few properties: scratch space of the document's size (plus room for the
        // writer's escaping headroom) rarely grows, and the only array kept is the exact-size copy returned.
        using var buffer = new PooledBufferWriter(JsonMarshal.GetRawUtf8Value(document).Length + 4096);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            writer.WriteStartObject();
            foreach (var property in document.EnumerateObject())
            {
                if (!Keep(property, route))
                    continue;

                // Values are copied as the change feed delivered them (already valid JSON): no re-serialisation.
                var name = JsonMarshal.GetRawUtf8PropertyName(property);
                if (name.IndexOf((byte)'\\') >= 0)
                    writer.WritePropertyName(property.Name);
                else
                    writer.WritePropertyName(name);
                writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(property.Value), skipInputValidation: true);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static bool Keep(JsonProperty property, Route route)
    {
        // The Cosmos DB system properties, compared without allocating the name; only include/exclude lists need it.
        // They all start with '_' (or an escape): any other name is kept without comparing it seven times.
        var raw = JsonMarshal.GetRawUtf8PropertyName(property);
        if (raw.Length > 0 && (raw[0] == (byte)'_' || raw[0] == (byte)'\\')
            && (property.NameEquals("_rid"u8) || property.NameEquals("_self"u8) || property.NameEquals("_etag"u8)
                || property.NameEquals("_attachments"u8) || property.NameEquals("_ts"u8) || property.NameEquals("_lsn"u8)
                || property.NameEquals("_changeFeedOperation"u8)))
        {
            return false;
        }

        if (route.ExcludeProperties.Count == 0 && route.IncludeProperties.Count == 0)
            return true;

        var name = property.Name;
        return !route.ExcludeProperties.Contains(name)
            && (route.IncludeProperties.Count == 0 || route.IncludeProperties.Contains(name));
    }
}

using System.Buffers;
using System.Text.Json;

namespace ChangeFeed.Routing;

/// <summary>Writes a document as event data: without Cosmos DB system properties, with the route's include/exclude lists applied.</summary>
internal static class DocumentData
{
    private static readonly HashSet<string> SystemProperties = new(StringComparer.Ordinal)
    {
        "_rid", "_self", "_etag", "_attachments", "_ts", "_lsn",
    };

    public static byte[] Write(JsonElement document, Route route)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            writer.WriteStartObject();
            foreach (var property in document.EnumerateObject())
            {
                if (Keep(property.Name, route))
                    property.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static bool Keep(string name, Route route) =>
        !SystemProperties.Contains(name)
        && !route.ExcludeProperties.Contains(name)
        && (route.IncludeProperties.Count == 0 || route.IncludeProperties.Contains(name));
}

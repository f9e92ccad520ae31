using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace ChangeFeed.Routing;

/// <summary>
/// Finding a document's properties by name when a name may be one .NET cannot unescape: Cosmos DB stores a name
/// written with an unpaired surrogate escape (<c>"\ud800"</c>), and System.Text.Json throws on meeting it while
/// comparing. Such a name equals no name looked for, and is passed over (decision 0023).
/// </summary>
public static class PropertyLookup
{
    /// <summary><see cref="JsonElement.TryGetProperty(string, out JsonElement)"/> (the last of duplicate names wins), passing over names that cannot be unescaped.</summary>
    public static bool TryFind(this JsonElement element, string name, out JsonElement value)
    {
        try
        {
            return element.TryGetProperty(name, out value);
        }
        catch (InvalidOperationException) when (element.ValueKind == JsonValueKind.Object)
        {
            // Met a name that cannot be unescaped: compare one by one, as the lookup does, from the last.
        }

        var utf8 = Encoding.UTF8.GetBytes(name);
        value = default;
        var found = false;
        foreach (var property in element.EnumerateObject())
        {
            if (NameIs(property, utf8))
            {
                value = property.Value;
                found = true;
            }
        }

        return found;
    }

    /// <summary>Whether the property's name, unescaped, is <paramref name="utf8"/>; false for a name that cannot be unescaped.</summary>
    public static bool NameIs(JsonProperty property, ReadOnlySpan<byte> utf8)
    {
        var raw = JsonMarshal.GetRawUtf8PropertyName(property);
        if (raw.IndexOf((byte)'\\') < 0)
            return raw.SequenceEqual(utf8);
        try
        {
            return property.NameEquals(utf8);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}

using System.Text.Json;
using ChangeFeed.Configuration;

namespace ChangeFeed.Routing;

/// <summary>
/// A container's partition key definition: one path, or up to three for a hierarchical key. Reads and renders the
/// key value of a document the way it is used for session ids, event ids and the <c>partitionkey</c> extension.
/// </summary>
public sealed class PartitionKeyPaths
{
    private readonly string[][] segments;
    private readonly HashSet<JsonValueKind> allowedKinds;

    private PartitionKeyPaths(string[] paths, string[][] segments, HashSet<JsonValueKind> allowedKinds)
    {
        Paths = paths;
        this.segments = segments;
        this.allowedKinds = allowedKinds;
    }

    /// <summary>The paths as configured, e.g. <c>/tenantId</c>, <c>/userId</c>.</summary>
    public IReadOnlyList<string> Paths { get; }

    /// <summary>Parses the paths and the allowed value types; returns what is wrong, or null.</summary>
    public static string? TryParse(string? pathSetting, string? typesSetting, out PartitionKeyPaths? result)
    {
        result = null;
        var paths = SettingList.Split(pathSetting);
        if (paths.Length is 0 or > 3)
            return "expected one partition key path such as '/customerId', or two or three comma-separated paths for a hierarchical key";

        var parsed = new string[paths.Length][];
        for (var i = 0; i < paths.Length; i++)
        {
            var path = paths[i];
            var parts = path.Split('/');
            if (!path.StartsWith('/') || parts.Skip(1).Any(string.IsNullOrWhiteSpace))
                return $"'{path}' is not a partition key path: expected '/property' or '/property/nested'";
            parsed[i] = parts[1..];
        }

        var kinds = new HashSet<JsonValueKind>();
        var typeNames = SettingList.Split(typesSetting);
        foreach (var name in typeNames.Length == 0 ? ["string", "number"] : typeNames)
        {
            switch (name.ToUpperInvariant())
            {
                case "STRING": kinds.Add(JsonValueKind.String); break;
                case "NUMBER": kinds.Add(JsonValueKind.Number); break;
                case "BOOLEAN": kinds.Add(JsonValueKind.True); kinds.Add(JsonValueKind.False); break;
                case "NULL": kinds.Add(JsonValueKind.Null); break;
                default: return $"'{name}' is not a partition key type: expected any of string, number, boolean, null";
            }
        }

        result = new PartitionKeyPaths(paths, parsed, kinds);
        return null;
    }

    /// <summary>The top-level property each path starts from, in path order.</summary>
    internal IReadOnlyList<string> FirstSegments => [.. segments.Select(path => path[0])];

    /// <summary>
    /// Reads the key from a document. A single key renders as its value (strings unquoted); a hierarchical key as a
    /// JSON array. Returns what is wrong instead when a component is missing or of a type the route does not allow.
    /// </summary>
    public string? TryRead(JsonElement document, out string rendered)
    {
        Span<JsonElement> first = [default, default, default];
        for (var i = 0; i < segments.Length; i++)
        {
            if (document.ValueKind == JsonValueKind.Object && document.TryFind(segments[i][0], out var value))
                first[i] = value;
        }

        return TryRead(first, out rendered);
    }

    /// <summary>
    /// <see cref="TryRead(JsonElement, out string)"/> from the values of the paths' first segments, already found in the
    /// document (<see cref="JsonValueKind.Undefined"/>: missing).
    /// </summary>
    internal string? TryRead(ReadOnlySpan<JsonElement> firstSegments, out string rendered)
    {
        rendered = string.Empty;
        Span<JsonElement> values = [default, default, default];
        for (var i = 0; i < segments.Length; i++)
        {
            if (firstSegments[i].ValueKind == JsonValueKind.Undefined || !TryNavigate(firstSegments[i], segments[i].AsSpan(1), out var value))
                return $"partition key '{Paths[i]}' is missing from the document";
            if (!allowedKinds.Contains(value.ValueKind))
                return $"partition key '{Paths[i]}' is a JSON {Describe(value.ValueKind)}; this route allows {DescribeAllowed()}";
            values[i] = value;
        }

        if (segments.Length == 1)
        {
            rendered = Render(values[0]);
            return null;
        }

        var raw = new string[segments.Length];
        for (var i = 0; i < segments.Length; i++)
            raw[i] = values[i].GetRawText();
        rendered = "[" + string.Join(",", raw) + "]";
        return null;
    }

    private static bool TryNavigate(JsonElement element, ReadOnlySpan<string> path, out JsonElement value)
    {
        value = element;
        foreach (var segment in path)
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryFind(segment, out value))
                return false;
        }

        return true;
    }

    private static string Render(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    private string DescribeAllowed() =>
        string.Join(", ", allowedKinds.Select(Describe).Distinct().Order(StringComparer.Ordinal));

    internal static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        _ => "undefined value",
    };
}

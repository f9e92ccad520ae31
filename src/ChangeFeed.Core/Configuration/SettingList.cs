namespace ChangeFeed.Configuration;

/// <summary>Reads the comma-separated list settings of a route.</summary>
internal static class SettingList
{
    public static string[] Split(string? value) =>
        string.IsNullOrWhiteSpace(value)
            ? []
            : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Reads <c>key=value,key=value</c>; returns null when an entry is not a pair.</summary>
    public static Dictionary<string, string>? TryPairs(string? value)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in Split(value))
        {
            var parts = entry.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0 || !pairs.TryAdd(parts[0], parts[1]))
                return null;
        }

        return pairs;
    }

    public static Dictionary<string, string> Pairs(string? value) =>
        TryPairs(value) ?? throw new InvalidOperationException($"'{value}' is not a list of key=value pairs.");
}

namespace ChangeFeed.Configuration;

/// <summary>Reads the comma-separated list settings of a route.</summary>
internal static class SettingList
{
    public static string[] Split(string? value) =>
        string.IsNullOrWhiteSpace(value)
            ? []
            : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

using System.Data.Common;

namespace ChangeFeed.Configuration;

/// <summary>The Key=value pairs of a connection string (keys case-insensitive), read the way the Azure SDKs read them, to check its form before a client is built.</summary>
public static class ConnectionStringParts
{
    /// <summary>The pairs, or null when the text is not Key=value pairs separated by ';' (a bare URL, for instance).</summary>
    public static IReadOnlyDictionary<string, string>? Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = connectionString;
        }
        catch (ArgumentException)
        {
            return null;
        }

        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string key in builder.Keys)
            parts[key] = builder[key]?.ToString() ?? "";
        return parts.Count == 0 ? null : parts;
    }
}

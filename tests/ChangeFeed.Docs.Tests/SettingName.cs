using System.Text.RegularExpressions;

namespace ChangeFeed.Docs.Tests;

/// <summary>
/// How setting names compare: configuration keys are case-insensitive, '__' in app settings and environment variables is
/// ':' in configuration, and a route's name is a placeholder (<c>ChangeFeed:Routes:&lt;name&gt;:Topic</c>).
/// </summary>
internal static partial class SettingName
{
    public static string Normalize(string name)
    {
        var key = name.Trim().Replace("__", ":", StringComparison.Ordinal);
        return RouteName().Replace(key, "ChangeFeed:Routes:<name>:");
    }

    public static readonly StringComparer Comparer = StringComparer.OrdinalIgnoreCase;

    [GeneratedRegex("^ChangeFeed:Routes:[^:]+:", RegexOptions.IgnoreCase)]
    private static partial Regex RouteName();
}

using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace ChangeFeed.Configuration;

/// <summary>
/// Binds the <c>ChangeFeed</c> section and records every key that is not a setting, by its full path, so that a
/// misspelt app setting stops the host with its name instead of being ignored.
/// </summary>
internal static class ChangeFeedBinding
{
    private static readonly HashSet<string> RouteSettings = Names(typeof(RouteOptions));
    private static readonly HashSet<string> SectionSettings = Names(typeof(ChangeFeedOptions));

    public static void Bind(IConfiguration configuration, ChangeFeedOptions options)
    {
        var section = configuration.GetSection(ChangeFeedOptions.SectionName);
        section.Bind(options);
        foreach (var child in section.GetChildren().Where(c => !SectionSettings.Contains(c.Key)))
            options.UnknownSettings.Add($"{child.Path} is not a setting: expected {string.Join(", ", SectionSettings.Order(StringComparer.Ordinal))}.");

        foreach (var route in section.GetSection(nameof(ChangeFeedOptions.Routes)).GetChildren())
        {
            foreach (var child in route.GetChildren().Where(c => !RouteSettings.Contains(c.Key)))
                options.UnknownSettings.Add($"{child.Path} is not a route setting: expected one of {string.Join(", ", RouteSettings.Order(StringComparer.Ordinal))}.");
        }
    }

    private static HashSet<string> Names(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
}

using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace ChangeFeed.Configuration;

/// <summary>
/// Binds a configuration section onto an options object one setting at a time, so that every value that cannot be
/// converted and every key that is not a setting is reported at once, by its path (the configuration binder stops at
/// the first value it cannot convert and ignores unknown keys). For flat sections of simple values.
/// </summary>
public static class SettingsBinding
{
    /// <returns>What could not be bound, one message per setting, each naming it and giving an example.</returns>
    public static IReadOnlyList<string> Bind(IConfigurationSection section, object options)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.SetMethod is { IsPublic: true })
            .ToDictionary(property => property.Name, StringComparer.OrdinalIgnoreCase);
        var errors = new List<string>();
        foreach (var child in section.GetChildren())
        {
            if (!settings.TryGetValue(child.Key, out var property))
            {
                errors.Add($"{child.Path} is not a setting: expected one of {string.Join(", ", settings.Keys.Order(StringComparer.Ordinal))}.");
                continue;
            }

            if (string.IsNullOrEmpty(child.Value) && !child.GetChildren().Any())
                continue; // an empty environment variable leaves the default

            var example = Example(property.GetValue(options));
            try
            {
                property.SetValue(options, child.Get(property.PropertyType));
            }
            catch (InvalidOperationException)
            {
                errors.Add($"{child.Path} '{child.Value}' is not {Describe(property.PropertyType)}{(example is null ? "" : $": expected e.g. {example} (the default)")}.");
            }
        }

        return errors;
    }

    private static string Describe(Type type) =>
        (Nullable.GetUnderlyingType(type) ?? type) switch
        {
            var t when t == typeof(TimeSpan) => "a time span ([d.]hh:mm:ss)",
            var t when t == typeof(int) || t == typeof(long) => "a whole number",
            var t when t == typeof(bool) => "true or false",
            var t => $"a {t.Name}",
        };

    private static string? Example(object? value) => value switch
    {
        null => null,
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}

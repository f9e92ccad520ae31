using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace ChangeFeed.Host.Configuration;

/// <summary>Binds the <c>Host</c> section and records keys that are not settings, so that a typo stops the host by name.</summary>
internal static class ProcessorHostBinding
{
    private static readonly HashSet<string> Settings = typeof(ProcessorHostOptions)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);

    public static void Bind(IConfiguration configuration, ProcessorHostOptions options)
    {
        var section = configuration.GetSection(ProcessorHostOptions.SectionName);
        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException exception)
        {
            // A value the binder cannot convert (e.g. Host:PollInterval=fast): name it instead of failing later.
            options.UnknownSettings.Add(exception.Message);
        }

        foreach (var child in section.GetChildren().Where(c => !Settings.Contains(c.Key)))
            options.UnknownSettings.Add($"{child.Path} is not a setting: expected one of {string.Join(", ", Settings.Order(StringComparer.Ordinal))}.");
    }
}

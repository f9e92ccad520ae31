using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChangeFeed.CommandLine;

/// <summary>
/// Missing or invalid settings as a checklist: every problem at once, one line each, each starting with the setting's
/// name and saying what it is for or what is wrong, with an example (the convention every validator follows), then
/// where settings come from. No stack trace: a configuration error is not a crash; the program exits with
/// <see cref="ExitCodes.Configuration"/>.
/// </summary>
public static class ConfigurationChecklist
{
    /// <summary>Runs every validation the host registered to run at start (<c>ValidateOnStart</c>) now; returns each failure, none when the settings are valid.</summary>
    public static IReadOnlyList<string> Validate(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            return [];
        }
        catch (Exception exception) when (Failures(exception) is { } failures)
        {
            return failures;
        }
    }

    /// <summary>The failures an options validation carries (one exception, or several in an aggregate); null for any other exception.</summary>
    public static IReadOnlyList<string>? Failures(Exception exception) => exception switch
    {
        OptionsValidationException invalid => [.. invalid.Failures],
        AggregateException aggregate when aggregate.InnerExceptions.All(inner => inner is OptionsValidationException) =>
            [.. aggregate.InnerExceptions.Cast<OptionsValidationException>().SelectMany(invalid => invalid.Failures)],
        _ => null,
    };

    /// <summary>
    /// One line per problem: a message repeated by two validators once, and one "is required" per setting (the Function
    /// App's trigger and the relay may both require the same app setting, for different reasons).
    /// </summary>
    public static IReadOnlyList<string> Lines(IEnumerable<string> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        var lines = new List<string>();
        var required = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var failure in failures.Select(f => f.Trim()).Where(f => f.Length > 0).Distinct(StringComparer.Ordinal))
        {
            if (IsRequired(failure) && !required.Add(SettingName(failure)))
                continue;
            lines.Add(failure);
        }

        return lines;
    }

    /// <param name="program">Who cannot start, e.g. "The processor host".</param>
    /// <param name="sources">Where this program reads settings from, as a sentence fragment after "Settings come from".</param>
    public static void Write(TextWriter writer, ConsoleStyle style, string program, IEnumerable<string> failures, string sources)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(style);
        var lines = Lines(failures);
        writer.WriteLine($"{program} cannot start: {lines.Count} {(lines.Count == 1 ? "setting is" : "settings are")} missing or invalid.");
        foreach (var line in lines)
        {
            var name = SettingName(line);
            writer.WriteLine($"  {style.Failed} {style.Strong(name)}{line[name.Length..]}");
        }

        writer.WriteLine($"Settings come from {sources}.");
        if (lines.Select(SettingName).FirstOrDefault(name => name.Contains(':', StringComparison.Ordinal) && !name.Contains('<', StringComparison.Ordinal)) is { } sectioned)
            writer.WriteLine($"In environment variables and app settings ':' is written '__', e.g. {sectioned.Replace(":", "__", StringComparison.Ordinal)}.");
        writer.WriteLine($"Nothing was started (exit code {ExitCodes.Configuration}).");
    }

    /// <summary>The setting a message is about: its first word, by the validators' convention.</summary>
    public static string SettingName(string failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var end = failure.IndexOf(' ', StringComparison.Ordinal);
        return end < 0 ? failure : failure[..end];
    }

    private static bool IsRequired(string failure) => failure.Contains(" is required", StringComparison.Ordinal);
}

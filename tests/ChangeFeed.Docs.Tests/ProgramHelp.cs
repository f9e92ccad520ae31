using System.Text.RegularExpressions;
using ChangeFeed.CommandLine;
using ChangeFeed.Host.Commands;

namespace ChangeFeed.Docs.Tests;

/// <summary>
/// What a program's command line accepts, read from its own <c>--help</c> (System.CommandLine): the subcommands of a
/// command path and the options that take a value. Only programs whose command line can be asked without starting
/// anything are known: the processor host.
/// </summary>
internal static partial class ProgramHelp
{
    /// <summary>The help text of <paramref name="commandPath"/> for the program of <paramref name="project"/>, or null when the program is not known.</summary>
    public static string? Of(string project, IReadOnlyList<string> commandPath)
    {
        if (project.TrimEnd('/') != "src/ChangeFeed.Host")
            return null;
        using var output = new StringWriter();
        using var error = new StringWriter();
        HostCommandLine.RunAsync([.. commandPath, "--help"], CommandConsole.Redirected(output, error), configure: null, CancellationToken.None)
            .GetAwaiter().GetResult();
        return output.ToString();
    }

    /// <summary>The subcommands a help text lists (its "Commands:" section).</summary>
    public static IReadOnlyList<string> Subcommands(string help) => Section(help, "Commands:").Select(line => CommandName().Match(line))
        .Where(match => match.Success).Select(match => match.Groups[1].Value).ToList();

    /// <summary>The options of a help text that take a value (<c>--settings &lt;FILE&gt;</c>).</summary>
    public static IReadOnlySet<string> OptionsWithValue(string help) => Section(help, "Options:").Select(line => OptionWithValue().Match(line))
        .Where(match => match.Success).Select(match => match.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<string> Section(string help, string title) =>
        help.Split('\n').Select(line => line.TrimEnd('\r')).SkipWhile(line => line.Trim() != title).Skip(1).TakeWhile(line => line.Trim().Length > 0);

    [GeneratedRegex(@"^\s{2}([a-z][\w-]*)\b")]
    private static partial Regex CommandName();

    [GeneratedRegex(@"^\s+(?:-[\w?], )*(--[\w-]+) <[^>]+>")]
    private static partial Regex OptionWithValue();
}

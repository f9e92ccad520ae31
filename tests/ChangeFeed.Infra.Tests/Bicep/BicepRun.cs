using System.Text.RegularExpressions;

namespace ChangeFeed.Infra.Tests.Bicep;

/// <summary>The result of one bicep invocation.</summary>
public sealed partial record BicepRun(string Arguments, int ExitCode, string Output, string Error)
{
    /// <summary>Standard output and error with ANSI colour codes removed, for assertion messages.</summary>
    public string Transcript => AnsiEscape().Replace($"bicep {Arguments}\n{Output}\n{Error}", string.Empty);

    [GeneratedRegex(@"\x1B\[[0-9;]*m")]
    private static partial Regex AnsiEscape();
}

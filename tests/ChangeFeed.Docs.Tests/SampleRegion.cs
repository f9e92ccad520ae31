using System.Text.RegularExpressions;

namespace ChangeFeed.Docs.Tests;

/// <summary>
/// Code that a page shows by including it from a file of the repository: a comment
/// <c>&lt;!-- include: PATH#REGION --&gt;</c> right before a fenced block, and in the file the lines between
/// <c>// region REGION</c> (or <c># region REGION</c>) and the next <c>endregion</c>, without their common indentation.
/// </summary>
internal static partial class SampleRegion
{
    /// <summary>Every include of the page: the file, the region, the code block's text and the comment's line.</summary>
    public static IEnumerable<(string File, string Region, string Block, int Line)> IncludesOf(string markdown) =>
        Include().Matches(markdown.ReplaceLineEndings("\n")).Select(match => (
            match.Groups["file"].Value,
            match.Groups["region"].Value,
            match.Groups["block"].Value,
            markdown[..match.Index].Count(c => c == '\n') + 1));

    /// <summary>The region's lines, dedented; null when the file has no such region.</summary>
    public static string? Read(string file, string region)
    {
        var lines = File.ReadAllLines(Repo.Path(file));
        var start = Array.FindIndex(lines, line => Marker(line) == ("region", region));
        if (start < 0)
            return null;
        var end = Array.FindIndex(lines, start + 1, line => Marker(line)?.Kind == "endregion");
        if (end < 0)
            return null;
        var body = lines[(start + 1)..end];
        var indent = body.Where(line => line.Trim().Length > 0).Select(line => line.Length - line.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join('\n', body.Select(line => line.Length >= indent ? line[indent..] : line.TrimStart()));
    }

    private static (string Kind, string Name)? Marker(string line)
    {
        var match = MarkerLine().Match(line);
        return match.Success ? (match.Groups["kind"].Value, match.Groups["name"].Value) : null;
    }

    [GeneratedRegex(@"<!--\s*include:\s*(?<file>[^#\s]+)#(?<region>[\w-]+)\s*-->\n```[^\n]*\n(?<block>.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex Include();

    [GeneratedRegex(@"^\s*(//|#)\s*(?<kind>region|endregion)\b\s*(?<name>[\w-]*)\s*$")]
    private static partial Regex MarkerLine();
}

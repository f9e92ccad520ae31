namespace ChangeFeed.Docs.Tests;

/// <summary>
/// What the root README must stay: a short front page that leads to every page of docs/, and that shows the test
/// command CI runs (.ci/run runs "the README's test command").
/// </summary>
internal static class FrontPage
{
    public const string Path = "README.md";

    /// <summary>10 KB: a first screen and links, not the manual (issue 18). Detail belongs in a page of docs/.</summary>
    public const int MaxBytes = 10 * 1024;

    /// <summary>The test command: the whole solution, no arguments, as <c>dotnet test</c> in a shell block.</summary>
    public static readonly IReadOnlyList<string> TestCommand = ["dotnet", "test"];

    private static readonly string[] ShellLanguages = ["sh", "bash", "shell"];

    /// <summary>The pages directly in docs/ (its index included); decision records are reached through the index.</summary>
    public static IEnumerable<string> DocsPages(IEnumerable<string> markdownPages) =>
        markdownPages.Where(page => page.StartsWith("docs/", StringComparison.Ordinal) && page.Count(c => c == '/') == 1);

    /// <summary>Those of <paramref name="docsPages"/> that no link of <paramref name="readme"/> reaches (anchors ignored).</summary>
    public static IEnumerable<string> Unlinked(MarkdownPage readme, IEnumerable<string> docsPages)
    {
        var folder = readme.Path.Contains('/', StringComparison.Ordinal) ? readme.Path[..readme.Path.LastIndexOf('/')] : ".";
        var linked = readme.Links()
            .Select(link => link.Url.Split('#')[0])
            .Where(url => url.Length > 0 && !url.Contains(':', StringComparison.Ordinal))
            .Select(url => Repo.Join(folder, url))
            .ToHashSet(StringComparer.Ordinal);
        return docsPages.Where(page => !linked.Contains(page));
    }

    /// <summary>Whether a shell block of the page holds the test command exactly, as a command of its own.</summary>
    public static bool ShowsTestCommand(MarkdownPage page) =>
        page.CodeBlocks()
            .Where(block => ShellLanguages.Contains(block.Language, StringComparer.Ordinal))
            .SelectMany(block => ShellWords.Commands(block.Text))
            .Any(IsTestCommand);

    /// <summary>Whether a script runs the test command exactly (its output may be piped or redirected).</summary>
    public static bool RunsTestCommand(string script) => ShellWords.Commands(script).Any(IsTestCommand);

    private static bool IsTestCommand(ShellWords.Command command) => command.Words.SequenceEqual(TestCommand, StringComparer.Ordinal);
}

namespace ChangeFeed.Docs.Tests;

/// <summary>docs/README.md links every page of docs/ and every decision record; every page opens by saying who it is for.</summary>
public class docs_index_lists_every_page_and_each_page_says_who_it_is_for
{
    private const string Index = "docs/README.md";

    private static IEnumerable<string> DocsPages() =>
        Repo.MarkdownPages().Where(page => page.StartsWith("docs/", StringComparison.Ordinal) && page != Index);

    [Fact]
    public void The_index_links_every_page_and_decision_record()
    {
        var linked = MarkdownPage.Read(Index).Links()
            .Select(link => Repo.Join("docs", link.Url.Split('#')[0]))
            .ToHashSet(StringComparer.Ordinal);
        var missing = DocsPages().Where(page => !linked.Contains(page)).ToList();
        Assert.True(missing.Count == 0,
            $"{Index} does not link these pages; add a line for each to its table of pages or of decision records: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_page_says_first_who_it_is_for()
    {
        var missing = DocsPages()
            .Where(page => !page.StartsWith("docs/decisions/", StringComparison.Ordinal))
            .Append(Index)
            .Where(page => !FirstParagraph(page).StartsWith("For ", StringComparison.Ordinal))
            .ToList();
        Assert.True(missing.Count == 0,
            $"These pages do not open (after their title) with one line saying who they are for, starting \"For \": {string.Join(", ", missing)}");
    }

    private static string FirstParagraph(string page) =>
        Repo.Read(page).Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0).Skip(1).FirstOrDefault() ?? string.Empty;
}

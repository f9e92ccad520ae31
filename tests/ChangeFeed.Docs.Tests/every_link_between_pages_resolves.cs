namespace ChangeFeed.Docs.Tests;

/// <summary>Every relative link of every Markdown page reaches a file, folder or heading that exists.</summary>
public class every_link_between_pages_resolves
{
    public static TheoryData<string> Pages() => [.. Repo.MarkdownPages()];

    [Theory]
    [MemberData(nameof(Pages))]
    public void Links_of(string page)
    {
        var problems = LinkCheck.OnDisk().Problems(MarkdownPage.Read(page)).ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, ["Broken links (see docs/README.md, \"How to keep the docs honest\"):", .. problems]));
    }

    [Fact]
    public void The_pages_checked_include_the_readme_the_docs_and_the_test_readmes()
    {
        var pages = Repo.MarkdownPages();
        Assert.Contains("README.md", pages);
        Assert.Contains("docs/README.md", pages);
        Assert.Contains("docs/configuration.md", pages);
        Assert.Contains("tests/ChangeFeed.EndToEnd.Tests/README.md", pages);
        Assert.DoesNotContain(pages, page => page.Contains("node_modules", StringComparison.Ordinal));
    }
}

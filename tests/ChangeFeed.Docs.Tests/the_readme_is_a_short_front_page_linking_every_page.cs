using System.Text;

namespace ChangeFeed.Docs.Tests;

/// <summary>
/// The README stays a front page: under 10 KB, with a link to every page of docs/, so that it cannot silently grow
/// back into the manual, and no page of docs/ is left without a way in.
/// </summary>
public class the_readme_is_a_short_front_page_linking_every_page
{
    [Fact]
    public void The_readme_stays_under_10_KB()
    {
        var bytes = Encoding.UTF8.GetByteCount(Repo.Read(FrontPage.Path));
        Assert.True(bytes < FrontPage.MaxBytes,
            $"{FrontPage.Path} is {bytes:N0} bytes, over {FrontPage.MaxBytes:N0}: keep it a front page (what it is, the guarantees, the two "
            + "commands, the local path, links) and move the detail into the page of docs/ it belongs to, with a link.");
    }

    [Fact]
    public void The_readme_links_every_page_of_docs()
    {
        var pages = FrontPage.DocsPages(Repo.MarkdownPages()).ToList();
        Assert.Contains("docs/README.md", pages);
        Assert.Contains("docs/configuration.md", pages);

        var unlinked = FrontPage.Unlinked(MarkdownPage.Read(FrontPage.Path), pages).ToList();
        Assert.True(unlinked.Count == 0,
            $"{FrontPage.Path} links no page of these; add a row for each to its \"Documentation\" table: {string.Join(", ", unlinked)}");
    }

    [Fact]
    public void A_page_without_a_link_is_named_and_links_with_anchors_count()
    {
        var readme = MarkdownPage.Parse("README.md",
            "# X\n\n[deploy](docs/deploy.md#security-model), [site](https://example.com/docs/events.md), [dr](docs/decisions/0001-x.md)\n");
        var pages = FrontPage.DocsPages(["README.md", "docs/deploy.md", "docs/events.md", "docs/decisions/0001-x.md", "docs/README.md"]).ToList();

        Assert.Equal(["docs/deploy.md", "docs/events.md", "docs/README.md"], pages);
        Assert.Equal(["docs/events.md", "docs/README.md"], FrontPage.Unlinked(readme, pages));
    }
}

namespace ChangeFeed.Docs.Tests;

/// <summary>The link check itself, on made-up pages: it finds what is broken and says how to fix it.</summary>
public class link_check_reports_what_to_fix
{
    private static readonly Dictionary<string, string> Files = new(StringComparer.Ordinal)
    {
        ["docs/deploy.md"] = "# Deploying\n\n## Security model\n\n## Security model\n\n### 0001 — Event ids (`EventId`)\n",
        ["docs/decisions"] = "",
        ["src/ChangeFeed.Host/Program.cs"] = "",
    };

    private static List<string> Problems(string markdown, string path = "docs/page.md")
    {
        var check = new LinkCheck(Files.ContainsKey, target => MarkdownPage.Parse(target, Files[target]).Anchors);
        return check.Problems(MarkdownPage.Parse(path, markdown)).ToList();
    }

    [Fact]
    public void Existing_targets_and_anchors_pass()
    {
        Assert.Empty(Problems(
            "[a](deploy.md) [b](deploy.md#security-model) [c](deploy.md#security-model-1) [d](decisions) " +
            "[e](../src/ChangeFeed.Host/Program.cs#L3) [f](https://example.com/x.md#nowhere) [g](mailto:a@b.c) " +
            "[h](deploy.md#0001--event-ids-eventid)\n\n[ref]: /docs/deploy.md\n"));
    }

    [Fact]
    public void A_missing_file_is_named_with_the_folder_its_path_is_relative_to()
    {
        var problem = Assert.Single(Problems("See [deploy](docs/deploy.md)."));
        Assert.Equal("docs/page.md:1: link 'docs/deploy.md' points at 'docs/docs/deploy.md', which does not exist: fix the path (it is relative to docs/) or remove the link.", problem);
    }

    [Fact]
    public void A_missing_anchor_lists_the_anchors_the_page_has()
    {
        var problem = Assert.Single(Problems("Line one.\n\nSee [roles](deploy.md#roles)."));
        Assert.StartsWith("docs/page.md:3: link 'deploy.md#roles' names the anchor '#roles', but docs/deploy.md has no heading with that anchor", problem, StringComparison.Ordinal);
        Assert.Contains("#deploying, #security-model, #security-model-1", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_anchor_into_the_same_page_is_checked_too()
    {
        Assert.Empty(Problems("# Title\n\n## Two words\n\n[up](#two-words)"));
        Assert.Single(Problems("# Title\n\n[up](#three-words)"));
    }

    [Fact]
    public void A_path_that_leaves_the_repository_is_refused()
    {
        Assert.Contains("points outside the repository", Assert.Single(Problems("[x](../../secrets.md)")), StringComparison.Ordinal);
    }

    [Fact]
    public void Links_inside_code_are_not_links()
    {
        Assert.Empty(Problems("`[x](nowhere.md)`\n\n```md\n[y](nowhere.md)\n```\n"));
    }
}

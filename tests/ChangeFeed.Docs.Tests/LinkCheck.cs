namespace ChangeFeed.Docs.Tests;

/// <summary>
/// Checks a page's relative links: the target exists in the repository, and an <c>#anchor</c> into a Markdown page names
/// one of its headings. Links with a scheme (https:, mailto:) are not followed.
/// </summary>
internal sealed class LinkCheck(Func<string, bool> exists, Func<string, IReadOnlyList<string>> anchorsOfPage)
{
    /// <summary>Checks against the repository on disk.</summary>
    public static LinkCheck OnDisk() => new(
        path => File.Exists(Repo.Path(path)) || Directory.Exists(Repo.Path(path)),
        path => MarkdownPage.Read(path).Anchors);

    public IEnumerable<string> Problems(MarkdownPage page)
    {
        foreach (var (url, line) in page.Links())
        {
            if (Problem(page, url) is { } problem)
                yield return $"{page.Path}:{line}: link '{url}' {problem}";
        }
    }

    private string? Problem(MarkdownPage page, string url)
    {
        var pagePath = page.Path;
        if (url.Length == 0 || HasScheme(url))
            return null;

        var hash = url.IndexOf('#', StringComparison.Ordinal);
        var pathPart = Uri.UnescapeDataString(hash < 0 ? url : url[..hash]).Split('?')[0];
        var anchor = hash < 0 ? null : Uri.UnescapeDataString(url[(hash + 1)..]);

        var samePage = pathPart.Length == 0;
        var target = samePage ? pagePath : Resolve(pagePath, pathPart);
        if (target is null)
            return "points outside the repository: link to a file in it, or write the full https:// address.";
        if (!samePage && !exists(target))
            return $"points at '{target}', which does not exist: fix the path (it is relative to {Folder(pagePath)}) or remove the link.";

        if (anchor is null || anchor.Length == 0 || !target.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
            return null;

        var anchors = samePage ? page.Anchors : anchorsOfPage(target);
        return anchors.Contains(anchor, StringComparer.Ordinal)
            ? null
            : $"names the anchor '#{anchor}', but {target} has no heading with that anchor; its headings' anchors are: {string.Join(", ", anchors.Select(a => "#" + a))}.";
    }

    private static bool HasScheme(string url)
    {
        var colon = url.IndexOf(':', StringComparison.Ordinal);
        var slash = url.IndexOfAny(['/', '#', '?']);
        return colon > 0 && (slash < 0 || colon < slash);
    }

    /// <summary>The target's path from the repository root, or null when it leaves the repository ('/' starts at the root, as on GitHub).</summary>
    private static string? Resolve(string pagePath, string relative) =>
        Repo.Join(relative.StartsWith('/') ? "." : string.Join('/', pagePath.Split('/')[..^1]), relative);

    private static string Folder(string pagePath) =>
        pagePath.Contains('/', StringComparison.Ordinal) ? pagePath[..pagePath.LastIndexOf('/')] + "/" : "the repository root";
}

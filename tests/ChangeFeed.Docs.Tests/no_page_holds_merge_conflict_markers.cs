namespace ChangeFeed.Docs.Tests;

/// <summary>A merge that left both sides of a page in it shows up here, not in front of a reader.</summary>
public class no_page_holds_merge_conflict_markers
{
    // "=======" alone may underline a heading; the two ends of a conflict cannot be anything else.
    private static readonly string[] Markers = ["<<<<<<< ", ">>>>>>> "];

    [Fact]
    public void Pages_hold_no_conflict_markers()
    {
        var found = Repo.MarkdownPages()
            .SelectMany(page => Repo.Read(page).Split('\n').Select((line, index) => (page, line: line.TrimEnd('\r'), number: index + 1)))
            .Where(entry => Markers.Any(marker => entry.line.StartsWith(marker, StringComparison.Ordinal)))
            .Select(entry => $"{entry.page}:{entry.number}: {entry.line}")
            .ToList();
        Assert.True(found.Count == 0, string.Join(Environment.NewLine, [
            "Merge conflict markers: keep what both sides meant, then remove the markers:", .. found]));
    }
}

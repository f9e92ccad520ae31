namespace ChangeFeed.Docs.Tests;

/// <summary>
/// A consumer's code in a page is a region of a file that runs in the suite (samples/javascript, src/ChangeFeed.Subscriber):
/// each included block equals its region, so a page cannot drift from the code (docs/README.md, "How to keep the docs honest").
/// </summary>
public class the_code_a_page_shows_is_the_sample_it_includes
{
    public static TheoryData<string> Pages() => [.. Repo.MarkdownPages()];

    [Theory]
    [MemberData(nameof(Pages))]
    public void Included_blocks_equal_their_regions(string page)
    {
        var problems = new List<string>();
        foreach (var (file, region, block, line) in SampleRegion.IncludesOf(Repo.Read(page)))
        {
            if (!File.Exists(Repo.Path(file)))
                problems.Add($"{page}:{line}: {file} does not exist");
            else if (SampleRegion.Read(file, region) is not { } code)
                problems.Add($"{page}:{line}: {file} has no region '{region}' (// region {region} ... // endregion {region})");
            else if (code != block)
                problems.Add($"{page}:{line}: the block differs from {file}#{region}; copy the region into the page again");
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void The_events_page_shows_the_javascript_sample_and_the_dotnet_subscriber()
    {
        var files = SampleRegion.IncludesOf(Repo.Read("docs/events.md")).Select(include => include.File).ToList();
        Assert.Contains(files, file => file.StartsWith("samples/javascript/", StringComparison.Ordinal));
        Assert.Contains(files, file => file.StartsWith("src/ChangeFeed.Subscriber/", StringComparison.Ordinal));
    }

    [Fact]
    public void A_changed_region_is_reported()
    {
        var markdown = "<!-- include: samples/javascript/src/inbox.js#inbox -->\n```js\nexport class MemoryInbox {}\n```\n";
        var (file, region, block, line) = Assert.Single(SampleRegion.IncludesOf(markdown));
        Assert.Equal(("samples/javascript/src/inbox.js", "inbox", 1), (file, region, line));
        Assert.NotEqual(SampleRegion.Read(file, region), block);
        Assert.StartsWith("/**", SampleRegion.Read(file, region), StringComparison.Ordinal);
    }
}

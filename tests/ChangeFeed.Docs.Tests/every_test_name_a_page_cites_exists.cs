using System.Text.RegularExpressions;

namespace ChangeFeed.Docs.Tests;

/// <summary>
/// Pages prove their claims by naming tests (`a_split_while_a_page_is_relayed_and_a_stop_lose_nothing`): every such
/// name in README.md, docs/** and samples/** is a class, test method or function declared in tests/ or samples/, so a renamed test
/// cannot leave a page pointing at nothing.
/// </summary>
public partial class every_test_name_a_page_cites_exists
{
    private static readonly string[] CodeExtensions = [".cs", ".js", ".py", ".java"];

    public static TheoryData<string> Pages() =>
        [.. Repo.MarkdownPages().Where(page => page == "README.md" || page.StartsWith("docs/", StringComparison.Ordinal) || page.StartsWith("samples/", StringComparison.Ordinal))];

    [Theory]
    [MemberData(nameof(Pages))]
    public void Names_cited_by(string page)
    {
        var defined = DefinedNames();
        // Code a page includes from a sample cites nothing: its names are the libraries' (max_lock_renewal_duration).
        var text = SampleRegion.IncludesOf(Repo.Read(page)).Aggregate(Repo.Read(page).ReplaceLineEndings("\n"), (rest, include) => rest.Replace(include.Block, "", StringComparison.Ordinal));
        var missing = CitedNames(text).Where(name => !defined.Contains(name)).ToList();
        Assert.True(missing.Count == 0, $"{page} cites tests that do not exist: {string.Join(", ", missing)}");
    }

    [Fact]
    public void A_cited_name_is_four_or_more_words_joined_by_underscores()
    {
        Assert.Equal(["a_wrong_key_is_refused_at_once", "Binary_and_structured_messages_have_the_same_effect"],
            CitedNames("see `a_wrong_key_is_refused_at_once` and Binary_and_structured_messages_have_the_same_effect, not `changefeed_delivery` or ORDERS_CDC_TOPIC"));
    }

    [Fact]
    public void The_names_found_include_this_test_and_the_end_to_end_scenarios()
    {
        var defined = DefinedNames();
        Assert.Contains(nameof(every_test_name_a_page_cites_exists), defined);
        Assert.Contains("the_javascript_sample_applies_each_relayed_change_once", defined);
        Assert.DoesNotContain("publish_failure_does_not_advance_checkpoint", defined);
    }

    private static IEnumerable<string> CitedNames(string text) => Name().Matches(text).Select(match => match.Value).Distinct();

    private static HashSet<string> DefinedNames() =>
        new[] { "tests", "samples" }
            .SelectMany(folder => Directory.EnumerateFiles(Repo.Path(folder), "*", SearchOption.AllDirectories))
            .Where(file => CodeExtensions.Contains(Path.GetExtension(file), StringComparer.Ordinal)
                && !Repo.Relative(file).Split('/').Any(part => part is "node_modules" or "bin" or "obj"))
            .SelectMany(file => Declaration().Matches(File.ReadAllText(file)).Select(match => match.Groups["name"].Value))
            .ToHashSet(StringComparer.Ordinal);

    // Four or more words: setting and property names (changefeed_delivery) have fewer; environment variables are upper case.
    [GeneratedRegex(@"\b[A-Za-z][a-z0-9]*(?:_[a-z0-9]+){3,}\b")]
    private static partial Regex Name();

    // A class, a test method (C#, Java; an FsCheck property returns bool or Property), a function (JavaScript, Python) of that
    // name; not a mention in a comment or string.
    [GeneratedRegex(@"\b(?:class|Task|void|bool|Property|def|function)\s+(?<name>[A-Za-z][a-z0-9]*(?:_[a-z0-9]+){3,})\b")]
    private static partial Regex Declaration();
}

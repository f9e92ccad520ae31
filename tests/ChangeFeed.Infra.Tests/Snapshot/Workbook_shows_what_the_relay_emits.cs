using System.Text.Json;
using System.Text.RegularExpressions;
using ChangeFeed.Infra.Tests.Bicep;
using static ChangeFeed.Infra.Tests.Snapshot.ResourceTypes;

namespace ChangeFeed.Infra.Tests.Snapshot;

/// <summary>
/// The operators' workbook (infra/modules/workbook.bicep, content in infra/modules/workbook/relay.workbook.json) reads the
/// relay's metrics from Application Insights, where the Azure Monitor exporter writes each instrument of the meter
/// ChangeFeed as customMetrics rows named after it, its tags in customDimensions. Its queries may name only instruments
/// and tags src/ creates, and show every instrument; its links go to runbook sections that exist.
/// </summary>
[Collection(SharedBicepRuns.Name)]
public sealed partial class Workbook_shows_what_the_relay_emits(BicepFixture bicep)
{
    private static readonly Lazy<Telemetry> Emitted = new(Telemetry.FromSources);

    [Fact]
    public void the_telemetry_scan_finds_the_relays_instruments_and_tags()
    {
        // Guards the guard: a scan that found nothing would let any name through.
        Assert.Contains("changefeed.relays.failed", Emitted.Value.Instruments);
        Assert.Contains("changefeed.lag", Emitted.Value.Instruments);
        Assert.Contains("changefeed.route", Emitted.Value.Tags);
        Assert.Contains("error.type", Emitted.Value.Tags);
    }

    [Fact]
    public void every_metric_a_query_names_is_an_instrument_of_the_code()
    {
        var named = Queries().SelectMany(q => MetricLiteral().Matches(q).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(named);
        Assert.All(named, name => Assert.True(
            Emitted.Value.Instruments.Contains(name) || Emitted.Value.Tags.Contains(name),
            $"The workbook names {name}, which no instrument or tag in src/ is called"));
    }

    [Fact]
    public void every_dimension_a_query_reads_is_a_tag_of_the_code()
    {
        var dimensions = Queries().SelectMany(q => Dimension().Matches(q).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("changefeed.route", dimensions);
        Assert.All(dimensions, tag => Assert.True(Emitted.Value.Tags.Contains(tag), $"The workbook reads customDimensions[\"{tag}\"], which src/ never sets"));
    }

    [Fact]
    public void every_instrument_of_the_code_is_shown_per_route()
    {
        var queries = Queries().Where(q => q.Contains("customMetrics", StringComparison.Ordinal)).ToList();

        Assert.All(Emitted.Value.Instruments, instrument => Assert.Contains(queries, q =>
            q.Contains($"\"{instrument}\"", StringComparison.Ordinal) && q.Contains("customDimensions[\"changefeed.route\"]", StringComparison.Ordinal)));
    }

    [Fact]
    public void claim_check_bytes_come_from_the_large_events_blob_log_in_the_workspace()
    {
        var item = Assert.Single(Items(bicep.Default), i => Query(i)?.Contains("StorageBlobLogs", StringComparison.Ordinal) == true);

        Assert.Contains($"AccountName == \"{bicep.Default.LargeEventsStorage().Text("name")}\"", Query(item), StringComparison.Ordinal);
        Assert.Contains("sum(RequestBodySize)", Query(item), StringComparison.Ordinal);
        Assert.Equal([bicep.Default.Id(LogAnalytics)], item.At("content.crossComponentResources").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public void links_go_to_runbook_sections_that_exist()
    {
        var content = File.ReadAllText(TestPaths.InRepo("infra", "modules", "workbook", "relay.workbook.json"));
        var links = DocsLink().Matches(content).Select(m => (Page: m.Groups[1].Value, Anchor: m.Groups[2].Value)).ToList();

        Assert.Contains(links, l => l == ("operations.md", "relay-failing"));
        Assert.Contains(links, l => l == ("operations.md", "changes-parked"));
        Assert.Contains(links, l => l == ("operations.md", "messages-dead-lettered"));
        Assert.All(links, link =>
        {
            var page = TestPaths.InRepo("docs", link.Page);
            Assert.True(File.Exists(page), link.Page);
            if (link.Anchor.Length > 0)
                Assert.Contains(link.Anchor, File.ReadLines(page).Where(l => l.StartsWith('#')).Select(Anchor));
        });
    }

    [Fact]
    public void the_deployed_workbook_is_the_components_and_links_the_deployed_commits_docs()
    {
        var workbook = bicep.Pipeline.One(Workbook);
        var data = workbook.Text("properties.serializedData");

        Assert.Equal(bicep.Pipeline.Id(ApplicationInsights), workbook.Text("properties.sourceId"));
        Assert.Equal("shared", workbook.Text("kind"));
        Assert.DoesNotContain("__", data.Replace("__DOCS__", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("https://github.com/contoso/changefeed/blob/0123456789abcdef0123456789abcdef01234567/docs/operations.md#relay-failing", data, StringComparison.Ordinal);
        Assert.Contains("(docs/operations.md#relay-failing)", bicep.Default.One(Workbook).Text("properties.serializedData"), StringComparison.Ordinal);
    }

    private List<string> Queries() => [.. Items(bicep.Default).Select(Query).OfType<string>()];

    private static IEnumerable<JsonElement> Items(DeploymentSnapshot snapshot) =>
        JsonDocument.Parse(snapshot.One(Workbook).Text("properties.serializedData")).RootElement.GetProperty("items").EnumerateArray();

    private static string? Query(JsonElement item) =>
        item.GetProperty("type").GetInt32() == 3 ? item.Text("content.query") : null;

    /// <summary>GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens.</summary>
    private static string Anchor(string heading) =>
        Regex.Replace(heading.TrimStart('#').Trim().ToLowerInvariant(), @"[^\w\- ]", "").Replace(' ', '-');

    [GeneratedRegex("\"(changefeed\\.[a-z_.]+)\"")]
    private static partial Regex MetricLiteral();

    [GeneratedRegex("customDimensions\\[\"([^\"]+)\"\\]")]
    private static partial Regex Dimension();

    [GeneratedRegex(@"__DOCS__/([\w-]+\.md)#?([\w-]*)")]
    private static partial Regex DocsLink();

    /// <summary>The instruments and tags src/ creates: Meter.Create*&lt;T&gt;("name", ...) (or a string constant) and tag keys.</summary>
    private sealed partial record Telemetry(HashSet<string> Instruments, HashSet<string> Tags)
    {
        public static Telemetry FromSources()
        {
            var sources = Directory.EnumerateFiles(TestPaths.InRepo("src"), "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
                .Select(File.ReadAllText).ToList();
            var constants = sources.SelectMany(s => Constant().Matches(s)).GroupBy(m => m.Groups[1].Value, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First().Groups[2].Value, StringComparer.Ordinal);
            var instruments = sources.SelectMany(s => Instrument().Matches(s))
                .Select(m => m.Groups[1].Success ? m.Groups[1].Value : constants.GetValueOrDefault(m.Groups[2].Value))
                .OfType<string>().ToHashSet(StringComparer.Ordinal);
            var tags = sources.SelectMany(s => Tag().Matches(s)).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
            return new Telemetry(instruments, tags);
        }

        [GeneratedRegex(@"\.Create(?:Counter|Histogram|UpDownCounter|Gauge|ObservableGauge|ObservableCounter|ObservableUpDownCounter)(?:<[^>]+>)?\(\s*(?:""([^""]+)""|(\w+))")]
        private static partial Regex Instrument();

        [GeneratedRegex(@"const string (\w+) = ""([^""]+)""")]
        private static partial Regex Constant();

        [GeneratedRegex(@"KeyValuePair<string, object\?>\(""([^""]+)""")]
        private static partial Regex Tag();
    }
}

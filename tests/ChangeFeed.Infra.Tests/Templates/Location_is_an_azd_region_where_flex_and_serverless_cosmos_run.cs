using System.Text.Json;
using System.Text.RegularExpressions;
using ChangeFeed.Infra.Tests.Bicep;
using ChangeFeed.Infra.Tests.Snapshot;

namespace ChangeFeed.Infra.Tests.Templates;

/// <summary>
/// `location` carries azd's location metadata (azd offers only the allowed regions) and an allowed list of regions
/// where Flex Consumption and serverless Cosmos DB are both offered, so a bad pick fails before anything is created.
/// docs/deploy.md lists the same regions.
/// </summary>
[Collection(SharedBicepRuns.Name)]
public sealed partial class Location_is_an_azd_region_where_flex_and_serverless_cosmos_run(BicepFixture bicep)
{
    private JsonElement Location =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(bicep.BuildDirectory, "main.json"))).RootElement.GetProperty("parameters").GetProperty("location");

    private IReadOnlyList<string> Allowed => [.. Location.GetProperty("allowedValues").EnumerateArray().Select(v => v.GetString()!)];

    [Fact]
    public void location_is_azds_location_parameter()
    {
        Assert.Equal("location", Location.GetProperty("metadata").GetProperty("azd").GetProperty("type").GetString());
    }

    [Fact]
    public void the_allowed_regions_are_public_region_names_without_canaries()
    {
        Assert.True(Allowed.Count >= 20, string.Join(", ", Allowed));
        Assert.All(Allowed, region => Assert.Matches(RegionName(), region));
        Assert.DoesNotContain(Allowed, region => region.EndsWith("euap", StringComparison.Ordinal));
        Assert.Equal(Allowed.Distinct().Count(), Allowed.Count);
        Assert.Contains(SnapshotCase.Location, Allowed);
    }

    [Fact]
    public void docs_list_exactly_the_allowed_regions()
    {
        var lines = File.ReadAllLines(TestPaths.InRepo("docs", "deploy.md"));
        var section = lines.SkipWhile(l => l != "## Regions").Skip(1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal)).ToList();
        // The list is the paragraph of lines made of region code spans only.
        var list = section.SkipWhile(l => !RegionListLine().IsMatch(l)).TakeWhile(l => RegionListLine().IsMatch(l));
        var documented = list.SelectMany(l => CodeSpan().Matches(l).Select(m => m.Groups[1].Value)).ToList();

        Assert.Equal(Allowed.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task a_region_outside_the_list_is_refused_before_deployment()
    {
        // What azd and ARM check against allowedValues before creating anything, seen through bicep's own check of a
        // parameters file.
        var parameters = Path.Combine(TestPaths.ProjectDirectory, "obj", $"region-{Guid.NewGuid():N}.bicepparam");
        Directory.CreateDirectory(Path.GetDirectoryName(parameters)!);
        var main = Path.GetRelativePath(Path.GetDirectoryName(parameters)!, TestPaths.MainBicep).Replace('\\', '/');
        await File.WriteAllTextAsync(parameters, $"using '{main}'\n\nparam environmentName = 'regions'\nparam location = 'westindia'\n");
        try
        {
            Assert.DoesNotContain("westindia", Allowed);
            var run = await new BicepCli(TestPaths.BicepExecutable).RunAsync(["build-params", parameters, "--stdout"]);

            Assert.True(run.ExitCode != 0, run.Transcript);
            Assert.Contains("BCP033", run.Transcript, StringComparison.Ordinal);
            Assert.Contains("'westindia'", run.Transcript, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(parameters);
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9]+$")]
    private static partial Regex RegionName();

    [GeneratedRegex(@"^(`[a-z0-9]+`,?\s*)+\.?$")]
    private static partial Regex RegionListLine();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodeSpan();
}

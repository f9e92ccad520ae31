using ChangeFeed.Infra.Tests.Bicep;

namespace ChangeFeed.Infra.Tests.Templates;

[Collection(SharedBicepRuns.Name)]
public sealed class Every_bicep_file_compiles(BicepFixture bicep)
{
    public static TheoryData<string> BicepFiles() =>
        [.. Directory.EnumerateFiles(TestPaths.Infra, "*.bicep", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(TestPaths.Infra, f))
            .Order(StringComparer.Ordinal)];

    [Fact]
    public void bicep_build_succeeds_for_all_of_infra()
    {
        Assert.True(bicep.Build.ExitCode == 0, bicep.Build.Transcript);
        Assert.DoesNotContain(": Error ", bicep.Build.Transcript, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void file_compiles_to_an_arm_template(string relativePath)
    {
        var template = Path.Combine(bicep.BuildDirectory, Path.ChangeExtension(relativePath, ".json"));

        Assert.True(File.Exists(template), $"{relativePath} produced no ARM template.\n{bicep.Build.Transcript}");
        Assert.Contains("\"$schema\"", File.ReadAllText(template), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void file_uses_only_local_modules(string relativePath)
    {
        // Registry modules (br:/br/public:) and template specs (ts:) cannot restore offline.
        var text = File.ReadAllText(Path.Combine(TestPaths.Infra, relativePath));

        Assert.DoesNotContain("'br:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("'br/", text, StringComparison.Ordinal);
        Assert.DoesNotContain("'ts:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("'ts/", text, StringComparison.Ordinal);
    }

    [Fact]
    public void snapshot_parameter_files_build()
    {
        Assert.True(bicep.BuildParams.ExitCode == 0, bicep.BuildParams.Transcript);
        Assert.DoesNotContain("Warning", bicep.BuildParams.Transcript, StringComparison.Ordinal);
        Assert.All(BicepFixture.Cases, c => Assert.True(
            File.Exists(Path.Combine(bicep.ParametersDirectory, $"{c.Name}.json")),
            $"{c.Name}.bicepparam was not built.\n{bicep.BuildParams.Transcript}"));
    }
}

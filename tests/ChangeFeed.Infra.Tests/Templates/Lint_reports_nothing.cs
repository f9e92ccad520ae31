using System.Text.Json;
using ChangeFeed.Infra.Tests.Bicep;

namespace ChangeFeed.Infra.Tests.Templates;

[Collection(SharedBicepRuns.Name)]
public sealed class Lint_reports_nothing(BicepFixture bicep)
{
    [Fact]
    public void lint_finds_no_warning_or_error_in_infra()
    {
        // bicep exits 0 on warnings (type mismatches such as BCP036/BCP081 are warnings), so the
        // SARIF results themselves are the verdict.
        Assert.True(bicep.Lint.ExitCode == 0, bicep.Lint.Transcript);
        var diagnostics = SarifDiagnostics(bicep.Lint.Output);

        Assert.True(diagnostics.Count == 0, "bicep lint:\n" + string.Join('\n', diagnostics));
    }

    [Fact]
    public void lint_read_one_sarif_log_per_bicep_file()
    {
        var files = Directory.EnumerateFiles(TestPaths.Infra, "*.bicep", SearchOption.AllDirectories).Count();

        Assert.Equal(files, CountOccurrences(bicep.Lint.Output, "\"runs\""));
    }

    [Theory]
    [InlineData("use-recent-api-versions")]
    [InlineData("no-hardcoded-env-urls")]
    [InlineData("outputs-should-not-contain-secrets")]
    [InlineData("no-unused-params")]
    [InlineData("what-if-short-circuiting")]
    public void bicepconfig_turns_the_rule_on(string rule)
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Infra, "bicepconfig.json")));
        var analyzers = config.RootElement.GetProperty("analyzers").GetProperty("core");

        Assert.True(analyzers.GetProperty("enabled").GetBoolean());
        Assert.Contains(
            analyzers.GetProperty("rules").GetProperty(rule).GetProperty("level").GetString(),
            new[] { "warning", "error" });
    }

    private static IReadOnlyList<SarifDiagnostic> SarifDiagnostics(string output) => SarifDiagnostic.Parse(output);

    private static int CountOccurrences(string text, string value) =>
        (text.Length - text.Replace(value, string.Empty, StringComparison.Ordinal).Length) / value.Length;
}

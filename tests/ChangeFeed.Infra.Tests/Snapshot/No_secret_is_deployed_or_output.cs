using System.Text.RegularExpressions;
using System.Text.Json;
using ChangeFeed.Infra.Tests.Bicep;

namespace ChangeFeed.Infra.Tests.Snapshot;

/// <summary>
/// Nothing deployed or output carries a key. The one connection string is Application Insights': it only
/// identifies the component (instrumentation key + endpoints) and ingestion needs an Entra token anyway,
/// because the component's local auth is off.
/// </summary>
[Collection(SharedBicepRuns.Name)]
public sealed partial class No_secret_is_deployed_or_output(BicepFixture bicep)
{
    private const string ApplicationInsightsSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    public static TheoryData<string> SecretMarkers() =>
    [
        "listKeys", "listConnectionStrings", "listAccountSas", "listServiceSas", "listKeyValue",
        "AccountKey=", "SharedAccessKey", "SharedAccessSignature", "primaryMasterKey", "primaryKey",
        "secondaryKey", "InstrumentationKey=", "AccountEndpoint=",
    ];

    [Theory]
    [MemberData(nameof(SecretMarkers))]
    public void nothing_in_any_snapshot_reads_or_holds_a_key(string marker) =>
        Assert.All(bicep.Snapshots.Values, s => Assert.DoesNotContain(marker, s.Json, StringComparison.OrdinalIgnoreCase));

    [Theory]
    [MemberData(nameof(SecretMarkers))]
    public void no_template_under_infra_reads_a_key(string marker) =>
        Assert.All(
            Directory.EnumerateFiles(TestPaths.Infra, "*.bicep", SearchOption.AllDirectories),
            file => Assert.DoesNotContain(marker, File.ReadAllText(file), StringComparison.OrdinalIgnoreCase));

    [Fact]
    public void the_only_connection_string_setting_is_application_insights_from_the_component()
    {
        var settings = bicep.Default.AppSettings();

        Assert.Equal(
            [ApplicationInsightsSetting],
            settings.Keys.Where(k => k.Contains("CONNECTION", StringComparison.OrdinalIgnoreCase)));
        Assert.Equal($"{bicep.Default.ApplicationInsightsConnectionString()}", settings[ApplicationInsightsSetting]);
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
    }

    [Fact]
    public void no_setting_is_named_like_a_secret() =>
        Assert.All(bicep.Default.AppSettings().Keys, name => Assert.DoesNotMatch(SecretName(), name));

    [Fact]
    public void the_only_connection_string_output_is_application_insights_from_the_component()
    {
        var outputs = bicep.Default.Outputs.EnumerateObject().ToList();

        Assert.Equal(
            [ApplicationInsightsSetting],
            outputs.Where(o => o.Name.Contains("CONNECTION", StringComparison.OrdinalIgnoreCase)).Select(o => o.Name));
        Assert.Equal(
            bicep.Default.ApplicationInsightsConnectionString(),
            bicep.Default.Outputs.GetProperty(ApplicationInsightsSetting).GetString());
        Assert.All(outputs, o => Assert.DoesNotMatch(SecretName(), o.Name));
    }

    [Theory]
    [InlineData("COSMOS_KEY")]
    [InlineData("AZURE_STORAGE_ACCOUNT_KEY")]
    [InlineData("SERVICEBUS_SAS")]
    [InlineData("ClientSecret")]
    [InlineData("AZURE_SEARCH_API_KEY")]
    public void secret_like_names_are_recognised(string name) => Assert.Matches(SecretName(), name);

    [Fact]
    public void no_output_is_secure_typed()
    {
        // A @secure() output would hide a value azd then writes to .env in clear text.
        using var template = JsonDocument.Parse(File.ReadAllText(Path.Combine(bicep.BuildDirectory, "main.json")));

        Assert.All(template.RootElement.GetProperty("outputs").EnumerateObject(), o =>
            Assert.DoesNotContain("secure", o.Value.GetProperty("type").GetString()!, StringComparison.OrdinalIgnoreCase));
    }

    // KEY/SECRET/PASSWORD/TOKEN/SAS as a word of the name (PARTITION_KEY is a Cosmos term, not a secret).
    [GeneratedRegex(@"(?i)(^|_|(?<=[a-z]))(?<!PARTITION_)(KEYS?|SECRET|PASSWORD|TOKEN|SAS)(_|$)")]
    private static partial Regex SecretName();
}

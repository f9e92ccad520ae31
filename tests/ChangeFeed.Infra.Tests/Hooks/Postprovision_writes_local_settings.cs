using System.Text.Json;
using ChangeFeed.Infra.Tests.Bicep;
using ChangeFeed.Infra.Tests.Snapshot;

namespace ChangeFeed.Infra.Tests.Hooks;

/// <summary>
/// The posix postprovision hook turns the azd environment (main.bicep's outputs) into local.settings.json
/// for local runs against Azure: identity-based, signed in as the developer, storage on Azurite.
/// </summary>
[Collection(SharedBicepRuns.Name)]
public sealed class Postprovision_writes_local_settings(BicepFixture bicep) : IDisposable
{
    private readonly PosixHook hook = new();

    // What azd would hold after provisioning: the literal outputs of the snapshot plus stand-ins for
    // the deploy-time ones.
    private Dictionary<string, string> AzdEnvironment()
    {
        var values = bicep.Default.Outputs.EnumerateObject()
            .Where(o => o.Value.ValueKind == JsonValueKind.String && !o.Value.GetString()!.StartsWith('['))
            .ToDictionary(o => o.Name, o => o.Value.GetString()!, StringComparer.Ordinal);
        values["AZURE_COSMOS_ENDPOINT"] = "https://cosmos-test.documents.azure.com:443/";
        values["AZURE_SERVICEBUS_FULLY_QUALIFIED_NAMESPACE"] = "sbns-test.servicebus.windows.net";
        values["AZURE_MANAGED_IDENTITY_CLIENT_ID"] = "22222222-0000-0000-0000-000000000000";
        values["AZURE_CLAIMCHECK_BLOB_ENDPOINT"] = "https://stlargetest.blob.core.windows.net/";
        return values;
    }

    [Fact]
    public async Task writes_identity_based_settings_for_the_developer()
    {
        var settings = await RunAsync(AzdEnvironment());

        Assert.Equal("https://cosmos-test.documents.azure.com:443/", settings["COSMOS__accountEndpoint"]);
        Assert.Equal("sbns-test.servicebus.windows.net", settings["SERVICEBUS__fullyQualifiedNamespace"]);
        Assert.Equal("https://stlargetest.blob.core.windows.net/", settings["CLAIMCHECK__serviceUri"]);
        Assert.DoesNotContain(settings.Keys, k => k.EndsWith("__credential", StringComparison.Ordinal) || k.EndsWith("__clientId", StringComparison.Ordinal));
    }

    [Fact]
    public async Task uses_azurite_and_the_isolated_worker_locally()
    {
        var settings = await RunAsync(AzdEnvironment());

        Assert.Equal("UseDevelopmentStorage=true", settings["AzureWebJobsStorage"]);
        Assert.Equal("dotnet-isolated", settings["FUNCTIONS_WORKER_RUNTIME"]);
    }

    [Fact]
    public async Task routes_and_containers_match_the_deployed_app()
    {
        var settings = await RunAsync(AzdEnvironment());
        var deployed = bicep.Default.AppSettings()
            .Where(p => p.Key.StartsWith("ChangeFeed__", StringComparison.Ordinal)
                || (!p.Key.Contains("__", StringComparison.Ordinal) && (p.Key.StartsWith("COSMOS_", StringComparison.Ordinal) || p.Key.EndsWith("_CONTAINER", StringComparison.Ordinal))))
            .ToList();

        Assert.Equal(30, deployed.Count);
        Assert.All(deployed, pair => Assert.Equal(pair.Value, settings.GetValueOrDefault(pair.Key)));
    }

    [Fact]
    public async Task holds_no_secret()
    {
        var settings = await RunAsync(AzdEnvironment());

        Assert.All(settings.Values, v => Assert.DoesNotContain("AccountKey", v, StringComparison.OrdinalIgnoreCase));
        Assert.All(settings.Values, v => Assert.DoesNotContain("SharedAccessKey", v, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("APPLICATIONINSIGHTS_CONNECTION_STRING", settings.Keys);
    }

    [Fact]
    public async Task escapes_values_into_valid_json()
    {
        var environment = AzdEnvironment();
        environment["AZURE_COSMOS_ORDERS_PARTITION_KEY_PATH"] = "/odd\\\\path";

        var settings = await RunAsync(environment);

        Assert.Equal("/odd\\\\path", settings["ChangeFeed__Routes__orders__PartitionKeyPath"]);
    }

    [Fact]
    public async Task writes_where_functions_core_tools_reads_it_by_default()
    {
        // `func start` in src/ChangeFeed.Functions reads local.settings.json from that folder, not the repository root.
        var run = await hook.RunAtDefaultPathAsync(AzdEnvironment(), Path.Combine("src", "ChangeFeed.Functions", "local.settings.json"));

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.NotNull(run.Settings);
        Assert.Contains(Path.Combine("src", "ChangeFeed.Functions", "local.settings.json"), run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void the_windows_hook_writes_to_the_same_default_path()
    {
        var hook = File.ReadAllText(TestPaths.InRepo("infra", "hooks", "postprovision.ps1"));

        Assert.Contains("Join-Path $root 'src/ChangeFeed.Functions/local.settings.json'", hook, StringComparison.Ordinal);
        Assert.Contains("$env:LOCAL_SETTINGS_PATH", hook, StringComparison.Ordinal);
    }

    [Fact]
    public async Task writes_a_setting_for_every_trigger_container_and_route()
    {
        var settings = await RunAsync(AzdEnvironment());

        Assert.All(["COSMOS_DATABASE", "COSMOS_LEASES_CONTAINER", "ORDERS_CONTAINER", "OUTBOX_CONTAINER", "EVENTS_CONTAINER"], key => Assert.False(string.IsNullOrEmpty(settings.GetValueOrDefault(key)), key));
        Assert.All(["orders", "outbox", "eventstore"], route => Assert.True(settings.ContainsKey($"ChangeFeed__Routes__{route}__Topic"), route));
        Assert.Equal("com.contoso.orders.", settings["ChangeFeed__Routes__eventstore__TypePrefix"]);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("orders-cdc,orders-events,orders-stream")]
    [InlineData("")]
    public async Task tells_the_local_relay_which_topics_are_partitioned(string partitioned)
    {
        var environment = AzdEnvironment();
        environment["AZURE_SERVICEBUS_PARTITIONED_TOPICS"] = partitioned;

        var settings = await RunAsync(environment);

        Assert.Equal(partitioned, settings["SERVICEBUS_PARTITIONED_TOPICS"]);
        Assert.Equal(bicep.Default.AppSettings()["SERVICEBUS_PARTITIONED_TOPICS"], (await RunAsync(AzdEnvironment()))["SERVICEBUS_PARTITIONED_TOPICS"]);
    }

    [Fact]
    public async Task fails_without_writing_when_an_output_is_missing()
    {
        var environment = AzdEnvironment();
        environment.Remove("AZURE_COSMOS_ENDPOINT");

        var run = await hook.RunAsync(environment);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("AZURE_COSMOS_ENDPOINT", run.Output, StringComparison.Ordinal);
        Assert.Null(run.Settings);
    }

    public void Dispose() => hook.Dispose();

    private async Task<Dictionary<string, string>> RunAsync(Dictionary<string, string> environment)
    {
        var run = await hook.RunAsync(environment);
        Assert.True(run.ExitCode == 0, run.Output);

        using var document = JsonDocument.Parse(run.Settings!);
        Assert.False(document.RootElement.GetProperty("IsEncrypted").GetBoolean());
        return document.RootElement.GetProperty("Values").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
    }
}

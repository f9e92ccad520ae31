using System.Text.Json;
using ChangeFeed.Infra.Tests.Bicep;

namespace ChangeFeed.Infra.Tests.Hooks;

/// <summary>
/// Role assignments take minutes to apply after the deployment that made them. When the signed-in principal got data
/// roles (AZURE_DEVELOPER_DATA_ROLES), the posix postprovision hook runs `check` with the settings it wrote until it
/// passes, for a bounded time, saying what it waits for and how far it is; a stand-in `dotnet` plays the check here.
/// </summary>
[Collection(SharedBicepRuns.Name)]
public sealed class Postprovision_waits_until_the_roles_work(BicepFixture bicep) : IDisposable
{
    private readonly PosixHook hook = new();

    // No sleeping where a test can avoid it: a zero interval unless the test is about the bound.
    private static Dictionary<string, string?> Timing(int timeoutSeconds = 60, int intervalSeconds = 0) => new()
    {
        ["AZURE_ROLE_WAIT_SECONDS"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["AZURE_ROLE_WAIT_INTERVAL_SECONDS"] = intervalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private Dictionary<string, string> AzdEnvironment(string developerRoles = "true", string vnet = "false")
    {
        var values = bicep.Default.Outputs.EnumerateObject()
            .Where(o => o.Value.ValueKind == JsonValueKind.String && !o.Value.GetString()!.StartsWith('['))
            .ToDictionary(o => o.Name, o => o.Value.GetString()!, StringComparer.Ordinal);
        values["AZURE_COSMOS_ENDPOINT"] = "https://cosmos-test.documents.azure.com:443/";
        values["AZURE_SERVICEBUS_FULLY_QUALIFIED_NAMESPACE"] = "sbns-test.servicebus.windows.net";
        values["AZURE_CLAIMCHECK_BLOB_ENDPOINT"] = "https://stlargetest.blob.core.windows.net/";
        values["AZURE_DEVELOPER_DATA_ROLES"] = developerRoles;
        values["AZURE_VNET_ENABLED"] = vnet;
        return values;
    }

    [Fact]
    public async Task retries_check_until_it_passes_and_says_what_it_waited_for()
    {
        hook.UseFakeDotnet(1, 1, 0);

        var run = await hook.RunAsync(AzdEnvironment(), Timing());

        Assert.True(run.ExitCode == 0, run.Output);
        var checks = CheckCalls();
        Assert.Equal(3, checks.Count);
        Assert.All(checks, call => Assert.EndsWith($"-- check --settings {hook.SettingsPath}", call, StringComparison.Ordinal));
        Assert.Contains("waiting up to 60s for the data-plane roles to apply", run.Output, StringComparison.Ordinal);
        Assert.Contains("attempt 1 after", run.Output, StringComparison.Ordinal);
        Assert.Contains("3 failed", run.Output, StringComparison.Ordinal);
        Assert.Contains("check passed on attempt 3", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task gives_up_when_the_bound_is_reached_and_fails_with_what_check_said()
    {
        hook.UseFakeDotnet(1);

        var run = await hook.RunAsync(AzdEnvironment(), Timing(timeoutSeconds: 2, intervalSeconds: 1));

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("did not all work within 2s", run.Output, StringComparison.Ordinal);
        Assert.Contains("7 checks: 4 passed, 3 failed", run.Output, StringComparison.Ordinal);
        Assert.NotEmpty(CheckCalls());
        Assert.NotNull(run.Settings);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public async Task does_not_wait_when_check_says_the_settings_are_wrong(int exitCode)
    {
        hook.UseFakeDotnet(exitCode);

        var run = await hook.RunAsync(AzdEnvironment(), Timing());

        Assert.NotEqual(0, run.ExitCode);
        Assert.Single(CheckCalls());
        Assert.Contains($"check exited with {exitCode}", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("false", "false", "holds no data roles")]
    [InlineData("true", "true", "only from inside the VNet")]
    public async Task does_not_probe_what_the_signed_in_principal_cannot_reach(string developerRoles, string vnet, string reason)
    {
        hook.UseFakeDotnet(1);

        var run = await hook.RunAsync(AzdEnvironment(developerRoles, vnet), Timing());

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains(reason, run.Output, StringComparison.Ordinal);
        Assert.Empty(CheckCalls());
        Assert.NotNull(run.Settings);
    }

    [Fact]
    public async Task fails_with_the_compiler_output_when_the_host_does_not_build()
    {
        hook.UseFakeDotnetThatCannotBuild();

        var run = await hook.RunAsync(AzdEnvironment(), Timing());

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("error CS1002", run.Output, StringComparison.Ordinal);
        Assert.Contains("could not build src/ChangeFeed.Host", run.Output, StringComparison.Ordinal);
        Assert.Empty(CheckCalls());
    }

    [Fact]
    public async Task a_zero_bound_skips_the_wait()
    {
        hook.UseFakeDotnet(1);

        var run = await hook.RunAsync(AzdEnvironment(), Timing(timeoutSeconds: 0));

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("AZURE_ROLE_WAIT_SECONDS=0", run.Output, StringComparison.Ordinal);
        Assert.Empty(CheckCalls());
    }

    public void Dispose() => hook.Dispose();

    private List<string> CheckCalls() =>
        File.Exists(hook.DotnetCalls) ? [.. File.ReadAllLines(hook.DotnetCalls).Where(l => l.StartsWith("run ", StringComparison.Ordinal))] : [];
}

using ChangeFeed.Infra.Tests.Bicep;

namespace ChangeFeed.Infra.Tests.Hooks;

/// <summary>
/// Flex Consumption's subnet delegation needs the Microsoft.App resource provider, which no deployment registers:
/// infra/hooks/preprovision.sh registers it when VNET_ENABLED is true. Run with a stand-in `az` on PATH that logs its
/// arguments and answers `provider show` with the given registration state (the Azure CLI is not installed here).
/// </summary>
public sealed class Preprovision_registers_Microsoft_App_for_private_networking : IDisposable
{
    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("changefeed-preprovision-");

    private string AzLog => Path.Combine(directory.FullName, "az.log");

    public void Dispose() => directory.Delete(recursive: true);

    [Theory]
    [InlineData(null)]
    [InlineData("false")]
    [InlineData("False")]
    public async Task without_private_networking_it_does_nothing(string? vnetEnabled)
    {
        var run = await RunAsync(vnetEnabled, registrationState: "NotRegistered");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.False(File.Exists(AzLog), "az was called");
    }

    [Theory]
    [InlineData("true")]
    [InlineData("True")]
    [InlineData("1")]
    public async Task with_private_networking_it_registers_the_provider_when_it_is_not(string vnetEnabled)
    {
        var run = await RunAsync(vnetEnabled, registrationState: "NotRegistered");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(
            [
                "provider show --namespace Microsoft.App --query registrationState --output tsv --subscription 00000000-0000-0000-0000-0000000000aa",
                "provider register --namespace Microsoft.App --wait --subscription 00000000-0000-0000-0000-0000000000aa",
            ],
            await File.ReadAllLinesAsync(AzLog));
    }

    [Fact]
    public async Task a_registered_provider_is_left_alone()
    {
        var run = await RunAsync("true", registrationState: "Registered");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.DoesNotContain(await File.ReadAllLinesAsync(AzLog), line => line.StartsWith("provider register", StringComparison.Ordinal));
    }

    [Fact]
    public async Task without_the_azure_cli_it_stops_and_says_how_to_register_it()
    {
        var run = await RunAsync("true", registrationState: null);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Microsoft.App", run.Output, StringComparison.Ordinal);
        Assert.Contains("az provider register --namespace Microsoft.App", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_cli_that_is_not_signed_in_stops_it_with_the_reason()
    {
        var run = await RunAsync("true", registrationState: "fail");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("az login", run.Output, StringComparison.Ordinal);
    }

    /// <summary>registrationState: what `az provider show` prints; "fail": it exits 1; null: no az on PATH.</summary>
    private async Task<(int ExitCode, string Output)> RunAsync(string? vnetEnabled, string? registrationState)
    {
        var bin = directory.CreateSubdirectory("bin").FullName;
        if (registrationState is not null)
        {
            var az = Path.Combine(bin, "az");
            var answer = registrationState == "fail" ? "echo 'Please run az login' >&2; exit 1" : $"echo {registrationState}";
            await File.WriteAllTextAsync(az, $"#!/bin/sh\necho \"$*\" >> '{AzLog}'\ncase \"$1 $2\" in\n  'provider show') {answer} ;;\nesac\n");
            File.SetUnixFileMode(az, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        // Only the stand-in on PATH: the hook needs nothing else, and a real az must not answer.
        return await ShellScript.RunAsync(TestPaths.InRepo("infra", "hooks", "preprovision.sh"), new Dictionary<string, string?>
        {
            ["PATH"] = bin,
            ["AZURE_SUBSCRIPTION_ID"] = "00000000-0000-0000-0000-0000000000aa",
            ["VNET_ENABLED"] = vnetEnabled,
        });
    }
}

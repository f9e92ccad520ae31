using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ChangeFeed.LocalDevelopment.Tests;

/// <summary>
/// Running against Azure (the postprovision hooks' local.settings.json) and against the emulators (the sample) needs
/// the same settings; only the connections differ: identity-based endpoints instead of connection strings.
/// </summary>
public sealed partial class Postprovision_settings_have_the_sample_keys : IDisposable
{
    private readonly DirectoryInfo scratch = Directory.CreateTempSubdirectory("changefeed-localdev-hook-");

    private static IEnumerable<string> ExpectedKeys() =>
        SampleSettings.Values().Keys.Select(key => SampleSettings.IdentityBasedForm.GetValueOrDefault(key, key)).Order(StringComparer.Ordinal);

    [Fact]
    public async Task the_posix_hook_writes_the_sample_keys_with_identity_based_connections()
    {
        var written = await RunPosixHookAsync();

        Assert.Equal(ExpectedKeys(), written.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("https://cosmos-test.documents.azure.com:443/", written["COSMOS__accountEndpoint"]);
    }

    [Fact]
    public void the_windows_hook_writes_the_sample_keys_with_identity_based_connections()
    {
        // pwsh is not on the build machines: read the keys of its ordered settings table.
        var script = File.ReadAllText(Repo.Path("infra", "hooks", "postprovision.ps1"));
        var table = script[script.IndexOf("$values = [ordered]@{", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("\n}", StringComparison.Ordinal)];

        Assert.Equal(ExpectedKeys(), PowerShellKey().Matches(table).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal));
    }

    public void Dispose() => scratch.Delete(recursive: true);

    // azd cannot be installed here: a stand-in on PATH prints `azd env get-values` from the Bicep snapshot's outputs.
    private async Task<Dictionary<string, string>> RunPosixHookAsync()
    {
        var environment = Bicep.Outputs.EnumerateObject()
            .Where(o => o.Value.ValueKind == JsonValueKind.String && !o.Value.GetString()!.StartsWith('['))
            .ToDictionary(o => o.Name, o => o.Value.GetString()!, StringComparer.Ordinal);
        environment["AZURE_COSMOS_ENDPOINT"] = "https://cosmos-test.documents.azure.com:443/";
        environment["AZURE_SERVICEBUS_FULLY_QUALIFIED_NAMESPACE"] = "sbns-test.servicebus.windows.net";
        environment["AZURE_COSMOS_ACCOUNT_NAME"] = "cosmos-test";
        environment["AZURE_CLAIMCHECK_BLOB_ENDPOINT"] = "https://stlargetest.blob.core.windows.net/";

        var values = Path.Combine(scratch.FullName, "values.env");
        await File.WriteAllLinesAsync(values, environment.Select(p => $"{p.Key}=\"{p.Value}\""));
        var azd = Path.Combine(scratch.FullName, "azd");
        await File.WriteAllTextAsync(azd, "#!/bin/sh\n[ \"$1 $2\" = \"env get-values\" ] || exit 2\ncat \"$FAKE_AZD_VALUES\"\n");
        File.SetUnixFileMode(azd, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var output = Path.Combine(scratch.FullName, "local.settings.json");

        var start = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Repo.Root };
        start.ArgumentList.Add(Repo.Path("infra", "hooks", "postprovision.sh"));
        start.Environment["PATH"] = $"{scratch.FullName}:{Environment.GetEnvironmentVariable("PATH")}";
        start.Environment["FAKE_AZD_VALUES"] = values;
        start.Environment["LOCAL_SETTINGS_PATH"] = output;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await stdout + await stderr);

        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(output));
        return SampleSettings.Values(document.RootElement);
    }

    [GeneratedRegex(@"^\s{2}(\w+)\s+=", RegexOptions.Multiline)]
    private static partial Regex PowerShellKey();
}

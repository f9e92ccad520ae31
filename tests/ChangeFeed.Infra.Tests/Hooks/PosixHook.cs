using System.Diagnostics;
using ChangeFeed.Infra.Tests.Bicep;

namespace ChangeFeed.Infra.Tests.Hooks;

/// <summary>
/// Runs infra/hooks/postprovision.sh with a stand-in `azd` on PATH whose `env get-values` prints the given
/// values (azd itself cannot be installed here), and returns the exit code, output and written file.
/// </summary>
public sealed class PosixHook : IDisposable
{
    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("changefeed-hook-");

    public string SettingsPath => Path.Combine(directory.FullName, "local.settings.json");

    public async Task<HookRun> RunAsync(IReadOnlyDictionary<string, string> environment)
    {
        var values = Path.Combine(directory.FullName, "values.env");
        await File.WriteAllLinesAsync(values, environment.Select(p => $"{p.Key}=\"{p.Value}\""));
        var azd = Path.Combine(directory.FullName, "azd");
        await File.WriteAllTextAsync(azd, "#!/bin/sh\n[ \"$1 $2\" = \"env get-values\" ] || exit 2\ncat \"$FAKE_AZD_VALUES\"\n");
        File.SetUnixFileMode(azd, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var start = new ProcessStartInfo("sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = TestPaths.RepoRoot,
        };
        start.ArgumentList.Add(TestPaths.InRepo("infra", "hooks", "postprovision.sh"));
        start.Environment["PATH"] = $"{directory.FullName}:{Environment.GetEnvironmentVariable("PATH")}";
        start.Environment["FAKE_AZD_VALUES"] = values;
        start.Environment["LOCAL_SETTINGS_PATH"] = SettingsPath;

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new HookRun(process.ExitCode, await output + await error, File.Exists(SettingsPath) ? await File.ReadAllTextAsync(SettingsPath) : null);
    }

    public void Dispose() => directory.Delete(recursive: true);
}

public sealed record HookRun(int ExitCode, string Output, string? Settings);

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

    /// <summary>The file a stand-in <c>dotnet</c> (see <see cref="UseFakeDotnet"/>) appends its arguments to, one call a line.</summary>
    public string DotnetCalls => Path.Combine(directory.FullName, "dotnet-calls.txt");

    public Task<HookRun> RunAsync(IReadOnlyDictionary<string, string> environment, IReadOnlyDictionary<string, string?>? variables = null) =>
        RunAsync(environment, TestPaths.InRepo("infra", "hooks", "postprovision.sh"), SettingsPath, variables: variables);

    /// <summary>
    /// Puts a stand-in <c>dotnet</c> on the hook's PATH: <c>build</c> succeeds; the n-th <c>run</c> (the check) prints a
    /// summary line and exits with the n-th of <paramref name="checkExitCodes"/> (the last one repeats).
    /// </summary>
    public void UseFakeDotnet(params int[] checkExitCodes)
    {
        var script = Path.Combine(directory.FullName, "dotnet");
        File.WriteAllText(script, $$"""
            #!/bin/sh
            echo "$*" >> "{{DotnetCalls}}"
            [ "$1" = "run" ] || exit 0
            n=$(grep -c '^run ' "{{DotnetCalls}}")
            code=$(printf '%s\n' {{string.Join(' ', checkExitCodes)}} | sed -n "${n}p")
            [ -n "$code" ] || code={{checkExitCodes[^1]}}
            if [ "$code" -eq 0 ]; then echo "7 checks: 7 passed, 0 failed, 0 not checked."; else echo "7 checks: 4 passed, 3 failed, 0 not checked."; fi
            exit "$code"

            """);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>A stand-in <c>dotnet</c> whose <c>build</c> fails with a compiler error (and whose <c>run</c> would pass).</summary>
    public void UseFakeDotnetThatCannotBuild()
    {
        var script = Path.Combine(directory.FullName, "dotnet");
        File.WriteAllText(script, $"#!/bin/sh\necho \"$*\" >> \"{DotnetCalls}\"\n[ \"$1\" = build ] || exit 0\necho 'Program.cs(1,1): error CS1002: ; expected'\nexit 1\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>
    /// Runs a copy of the hook placed at infra/hooks/ of a scratch repository root, without LOCAL_SETTINGS_PATH,
    /// and reads the file it writes at <paramref name="expectedRelativePath"/> under that root.
    /// </summary>
    public async Task<HookRun> RunAtDefaultPathAsync(IReadOnlyDictionary<string, string> environment, string expectedRelativePath)
    {
        var root = Path.Combine(directory.FullName, "repo");
        var script = Path.Combine(root, "infra", "hooks", "postprovision.sh");
        Directory.CreateDirectory(Path.GetDirectoryName(script)!);
        Directory.CreateDirectory(Path.Combine(root, "src", "ChangeFeed.Functions"));
        File.Copy(TestPaths.InRepo("infra", "hooks", "postprovision.sh"), script);
        return await RunAsync(environment, script, settingsPath: null, Path.Combine(root, expectedRelativePath));
    }

    private async Task<HookRun> RunAsync(
        IReadOnlyDictionary<string, string> environment, string script, string? settingsPath, string? writtenPath = null, IReadOnlyDictionary<string, string?>? variables = null)
    {
        writtenPath ??= settingsPath!;
        var values = Path.Combine(directory.FullName, "values.env");
        await File.WriteAllLinesAsync(values, environment.Select(p => $"{p.Key}=\"{p.Value}\""));
        var azd = Path.Combine(directory.FullName, "azd");
        await File.WriteAllTextAsync(azd, "#!/bin/sh\n[ \"$1 $2\" = \"env get-values\" ] || exit 2\ncat \"$FAKE_AZD_VALUES\"\n");
        File.SetUnixFileMode(azd, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var all = new Dictionary<string, string?>
        {
            ["PATH"] = $"{directory.FullName}:{Environment.GetEnvironmentVariable("PATH")}",
            ["FAKE_AZD_VALUES"] = values,
            ["LOCAL_SETTINGS_PATH"] = settingsPath,
        };
        foreach (var (name, value) in variables ?? new Dictionary<string, string?>())
            all[name] = value;
        var (exitCode, output) = await ShellScript.RunAsync(script, all);
        return new HookRun(exitCode, output, File.Exists(writtenPath) ? await File.ReadAllTextAsync(writtenPath) : null);
    }

    public void Dispose() => directory.Delete(recursive: true);
}

public sealed record HookRun(int ExitCode, string Output, string? Settings);

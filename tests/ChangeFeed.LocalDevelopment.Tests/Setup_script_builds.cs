using System.Diagnostics;

namespace ChangeFeed.LocalDevelopment.Tests;

/// <summary>infra/local/setup.cs (a file-based app: `dotnet run infra/local/setup.cs`) compiles against the packages the repository pins.</summary>
public sealed class Setup_script_builds
{
    [Fact]
    public async Task dotnet_build_of_the_setup_script_succeeds()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Repo.Root };
        foreach (var argument in new[] { "build", Repo.Path("infra", "local", "setup.cs"), "-nologo" })
            start.ArgumentList.Add(argument);
        // The test host's MSBuild variables must not leak into the child build.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 0, await output + await error);
    }

    [Fact]
    public void setup_reads_the_container_layout_beside_it()
    {
        var script = File.ReadAllText(Repo.Path("infra", "local", "setup.cs"));

        Assert.Contains("\"containers.json\"", script, StringComparison.Ordinal);
        Assert.Contains("EntryPointFileDirectoryPath", script, StringComparison.Ordinal);
        Assert.Contains(SampleSettings.CosmosEmulatorKey, script, StringComparison.Ordinal);
    }
}

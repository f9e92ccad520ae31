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
    public async Task setup_without_the_emulators_says_so_in_one_line_and_exits_1()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Repo.Root };
        foreach (var argument in new[] { "run", Repo.Path("infra", "local", "setup.cs") })
            start.ArgumentList.Add(argument);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        // Port 1 of the loopback address: nothing listens there, as when the emulators are not started.
        start.Environment["COSMOS"] = $"AccountEndpoint=https://127.0.0.1:1/;AccountKey={SampleSettings.CosmosEmulatorKey};";

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        var said = await error;

        Assert.True(process.ExitCode == 1, $"exit {process.ExitCode}: {await output}{said}");
        Assert.Contains(
            "setup: Cosmos DB (COSMOS) at 127.0.0.1:1 (HTTPS): connection refused, nothing listens there. Start the emulators (docker compose -f infra/local/docker-compose.yml up -d; the Cosmos DB emulator needs a minute or two), then run this again.",
            said, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", said, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", said, StringComparison.Ordinal);
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

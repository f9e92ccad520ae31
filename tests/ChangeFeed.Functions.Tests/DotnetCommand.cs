using System.Diagnostics;

namespace ChangeFeed.Functions.Tests;

/// <summary>Runs the dotnet CLI against the real Functions project, as a developer or a pipeline would.</summary>
internal static class DotnetCommand
{
    public static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> arguments, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? FunctionsProject.Directory,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        // The test host runs under `dotnet test`, whose MSBuild settings must not leak into this build.
        foreach (var variable in start.Environment.Keys.Where(key => key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToArray())
            start.Environment.Remove(variable);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        using var process = Process.Start(start)!;
        // Generous: these builds share two cores with the rest of the suite.
        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        var stdout = process.StandardOutput.ReadToEndAsync(cancellation.Token);
        var stderr = process.StandardError.ReadToEndAsync(cancellation.Token);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not finish in time.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Whether the build of the test run could restore the host-side extension (the Debug build's marker says not).</summary>
    public static bool ExtensionRestoreFailed =>
        File.Exists(FunctionsProject.IntermediatePath("WorkerExtensionsUnavailable", "restore-errors.txt"));
}

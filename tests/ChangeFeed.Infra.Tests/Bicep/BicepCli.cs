using System.Diagnostics;

namespace ChangeFeed.Infra.Tests.Bicep;

/// <summary>Runs the Bicep CLI from the Azure.Bicep.CommandLine.linux-x64 package.</summary>
public sealed class BicepCli(string executable)
{
    public async Task<BicepRun> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken = default)
    {
        EnsureExecutable();
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = TestPaths.RepoRoot,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // No telemetry, no colour codes in the output the tests read.
        start.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        start.Environment["NO_COLOR"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bicep did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return new BicepRun(string.Join(' ', arguments), process.ExitCode, await output, await error);
    }

    // NuGet extraction does not always keep the execute bit.
    private void EnsureExecutable()
    {
        if (!File.Exists(executable))
        {
            throw new FileNotFoundException("The Bicep CLI is missing: restore the test project.", executable);
        }

        var mode = File.GetUnixFileMode(executable);
        if (!mode.HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(executable, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
    }
}

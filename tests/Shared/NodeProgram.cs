using System.Diagnostics;
using ChangeFeed.StandIns.Internal;

namespace ChangeFeed.Tests.Shared;

/// <summary>
/// Runs a Node program of the repository (a sample, a client check) as a child process: its npm package installed
/// from the committed lockfile on first use, its standard output kept as lines for the test to assert.
/// </summary>
internal static class NodeProgram
{
    /// <summary>The repository folder <paramref name="relativePath"/> (e.g. samples/javascript), found above the test's output.</summary>
    public static string Locate(string relativePath)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, relativePath);
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"{relativePath}/package.json not found above {AppContext.BaseDirectory}.");
    }

    public static async Task<ChildRun> RunAsync(
        string directory, string script, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        await NodeTools.EnsureInstalledAsync(
            directory,
            () => File.Exists(Path.Combine(directory, "node_modules", ".package-lock.json")),
            "Node.js 20 or later with npm is needed",
            TimeSpan.FromMinutes(5),
            (message, inner) => new InvalidOperationException(message, inner),
            cancellationToken).ConfigureAwait(false);

        ProcessStartInfo start = NodeTools.StartInfo("node", [script, .. arguments]);
        start.WorkingDirectory = directory;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = NodeTools.Start(start, "Node.js 20 or later is needed", (message, inner) => new InvalidOperationException(message, inner));
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        Task<string> stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            return new ChildRun(-1, ChildRun.LinesOf(await stdout.ConfigureAwait(false)), $"killed after {timeout}{Environment.NewLine}{await stderr.ConfigureAwait(false)}");
        }

        return new ChildRun(process.ExitCode, ChildRun.LinesOf(await stdout.ConfigureAwait(false)), await stderr.ConfigureAwait(false));
    }
}

/// <summary>How a child program (Node, Python) ended: its exit code (-1 when killed at the timeout), output lines and error output.</summary>
internal sealed record ChildRun(int ExitCode, IReadOnlyList<string> Lines, string Errors)
{
    public static string[] LinesOf(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {ExitCode}{Environment.NewLine}{string.Join(Environment.NewLine, Lines)}{Environment.NewLine}{Errors}";
}

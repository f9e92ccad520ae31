using System.Diagnostics;

namespace ChangeFeed.Tests.Shared;

/// <summary>
/// Runs a Python program of the repository (a sample, a client check) as a child process, with the first Python that
/// imports the official Service Bus client (<c>azure.servicebus</c>, from Debian's python3-azure, which .ci/run installs
/// where it can): <c>CHANGEFEED_PYTHON</c> if set, else <c>python3</c> on the path, else the system's /usr/bin/python3
/// (a version manager's <c>python3</c> on the path does not see Debian's packages).
/// </summary>
internal static class PythonProgram
{
    private static readonly Lazy<Task<string?>> Interpreter = new(FindAsync);

    /// <summary>The interpreter that imports azure.servicebus, or null where none does (the caller says NOT RUN).</summary>
    public static Task<string?> FindInterpreterAsync() => Interpreter.Value;

    /// <summary>The repository folder <paramref name="relativePath"/> holding <paramref name="file"/>, found above the test's output.</summary>
    public static string Locate(string relativePath, string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, relativePath);
            if (File.Exists(Path.Combine(candidate, file)))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"{relativePath}/{file} not found above {AppContext.BaseDirectory}.");
    }

    public static async Task<ChildRun> RunAsync(
        string interpreter, string directory, string[] arguments, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(interpreter) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PYTHONUNBUFFERED"] = "1";
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1"; // no __pycache__ in the repository's folders
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{interpreter} did not start.");
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

    private static async Task<string?> FindAsync()
    {
        string?[] candidates = [Environment.GetEnvironmentVariable("CHANGEFEED_PYTHON"), "python3", "/usr/bin/python3"];
        foreach (string candidate in candidates.OfType<string>().Where(c => c.Length > 0).Distinct())
        {
            try
            {
                var start = new ProcessStartInfo(candidate, ["-c", "import azure.servicebus"]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                using var process = Process.Start(start);
                if (process is null)
                {
                    continue;
                }

                await process.WaitForExitAsync().ConfigureAwait(false);
                if (process.ExitCode == 0)
                {
                    return candidate;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not installed under that name: try the next.
            }
        }

        return null;
    }
}

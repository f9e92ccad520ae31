using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace ChangeFeed.Tests.Programs;

/// <summary>
/// Runs a program of src/ as it was built (<c>dotnet src/X/bin/&lt;configuration&gt;/net10.0/X.dll</c>) with only the
/// environment a test gives it, and captures what it wrote and its exit code: what a person or an orchestrator sees.
/// Linked into the test projects that need it; the project's build must build the program (a project reference) and
/// declare the <c>RepositoryRoot</c> and <c>Configuration</c> assembly metadata.
/// </summary>
public static class BuiltProgram
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static string PathOf(string project)
    {
        // Programs live in src/, the demo in samples/.
        var folder = Directory.Exists(System.IO.Path.Combine(Metadata("RepositoryRoot"), "src", project)) ? "src" : "samples";
        var path = System.IO.Path.Combine(Metadata("RepositoryRoot"), folder, project, "bin", Metadata("Configuration"), "net10.0", project + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing: build {folder}/{project} first.", path);
    }

    /// <param name="environment">The program's whole environment besides PATH, HOME and DOTNET_ROOT (nothing leaks from the test process).</param>
    public static async Task<ProgramRun> RunAsync(
        string project, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        using var running = Start(project, args, environment, workingDirectory);
        return await running.ExitedAsync($"{project} {string.Join(' ', args)}");
    }

    /// <summary>Starts the program as <see cref="RunAsync"/> does, without waiting: the test stops it (a signal) or kills it.</summary>
    /// <param name="ownProcessGroup">Started through <c>setsid</c>, in a process group of its own, as a terminal starts a command: <see cref="RunningProgram.InterruptGroupAsync"/> then sends Ctrl+C's SIGINT to it and every process it started.</param>
    public static RunningProgram Start(
        string project, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null, bool ownProcessGroup = false)
    {
        var process = Process.Start(StartInfo(project, args, environment, workingDirectory, ownProcessGroup)) ?? throw new InvalidOperationException($"dotnet did not start {project}.");
        process.StandardInput.Close();
        return new RunningProgram(process, Timeout);
    }

    private static ProcessStartInfo StartInfo(string project, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment, string? workingDirectory, bool ownProcessGroup = false)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        // setsid execs the program in place (a child is not a group leader), so the process id is the group's id.
        var start = new ProcessStartInfo(ownProcessGroup ? "setsid" : dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? System.IO.Path.GetTempPath(),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (ownProcessGroup)
            start.ArgumentList.Add(dotnet);
        start.ArgumentList.Add(PathOf(project));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);

        var inherited = new[] { "PATH", "HOME", "DOTNET_ROOT", "TMPDIR" }.ToDictionary(name => name, Environment.GetEnvironmentVariable);
        start.Environment.Clear();
        foreach (var (name, value) in inherited.Where(pair => pair.Value is not null))
            start.Environment[name] = value;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["COSMOS_DISABLE_IMDS_ACCESS"] = "true"; // tests reach loopback only
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
            start.Environment[name] = value;
        return start;
    }

    private static string Metadata(string key) =>
        typeof(BuiltProgram).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(attribute => attribute.Key == key).Value!;
}

/// <summary>A program started by <see cref="BuiltProgram.Start"/>: what it has written so far, and ways to end it.</summary>
public sealed class RunningProgram : IDisposable
{
    private readonly Process process;
    private readonly TimeSpan timeout;
    private readonly Task<string> output;
    private readonly Task<string> error;
    private readonly StringBuilder outputSoFar = new();

    internal RunningProgram(Process process, TimeSpan timeout)
    {
        this.process = process;
        this.timeout = timeout;
        output = ReadAllAsync(process.StandardOutput, outputSoFar);
        error = process.StandardError.ReadToEndAsync();
    }

    /// <summary>What it has written to standard output so far (a test waits for a line before it signals).</summary>
    public string OutputSoFar
    {
        get
        {
            lock (outputSoFar)
                return outputSoFar.ToString();
        }
    }

    public bool HasExited => process.HasExited;

    /// <summary>Kills it at once (SIGKILL): no cleanup, no last words, as a crash or an evicted container.</summary>
    public void Kill() => process.Kill(entireProcessTree: true);

    /// <summary>Sends SIGINT, what Ctrl+C sends: the program is asked to stop.</summary>
    public async Task InterruptAsync()
    {
        using var signal = Process.Start(new ProcessStartInfo("kill", ["-s", "INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("kill did not start.");
        await signal.WaitForExitAsync();
    }

    /// <summary>Sends SIGINT to its whole process group, as Ctrl+C in a terminal does (started with <c>ownProcessGroup</c>).</summary>
    public async Task InterruptGroupAsync()
    {
        using var signal = Process.Start(new ProcessStartInfo("kill", ["-s", "INT", "--", "-" + process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("kill did not start.");
        await signal.WaitForExitAsync();
    }

    /// <summary>Waits for it to exit (killed, stopped or done) and returns what it wrote; killed if it takes longer than the timeout.</summary>
    public async Task<ProgramRun> ExitedAsync(string what = "the program")
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{what} did not exit within {timeout}:\n{await output}\n{await error}");
        }

        return new ProgramRun(process.ExitCode, await output, await error);
    }

    private static async Task<string> ReadAllAsync(StreamReader reader, StringBuilder seen)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            lock (seen)
                seen.Append(buffer, 0, read);
        }

        lock (seen)
            return seen.ToString();
    }

    public void Dispose()
    {
        if (!process.HasExited)
            process.Kill(entireProcessTree: true);
        process.Dispose();
    }
}

/// <summary>What a program wrote to standard output and standard error, and how it exited.</summary>
public sealed record ProgramRun(int ExitCode, string Output, string Error)
{
    /// <summary>Standard error's lines that are checklist items (<c>  FAIL setting ...</c> when redirected).</summary>
    public IReadOnlyList<string> FailedLines =>
        Error.Split('\n').Select(line => line.TrimEnd('\r')).Where(line => line.StartsWith("  FAIL ", StringComparison.Ordinal)).Select(line => line[7..]).ToList();

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}--- stderr\n{Error}";
}

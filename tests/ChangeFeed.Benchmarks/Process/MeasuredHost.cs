using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace ChangeFeed.Benchmarks.Process;

/// <summary>
/// The processor host as built (<c>src/ChangeFeed.Host/bin/&lt;configuration&gt;/net10.0/ChangeFeed.Host.dll</c>, the
/// configuration this benchmark was built in), run with <c>dotnet</c> as an OS process of its own, every setting in an
/// environment variable, the <see cref="StartupHook"/> probe loaded, and the GC variant's variables. It can be frozen
/// (SIGSTOP) while a backlog is written and thawed (SIGCONT) to drain it at full pages.
/// </summary>
public sealed class MeasuredHost : IAsyncDisposable
{
    private readonly System.Diagnostics.Process process;
    private readonly string directory;
    private readonly ConcurrentQueue<string> lines = new();

    private MeasuredHost(System.Diagnostics.Process process, string directory)
    {
        this.process = process;
        this.directory = directory;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => process.Id;

    /// <summary>Lines the host logged at warning level or above (or anything on standard error).</summary>
    public IReadOnlyList<string> Output => [.. lines];

    public static string HostPath
    {
        get
        {
            string Metadata(string key) => typeof(MeasuredHost).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
            var path = Path.Combine(Metadata("RepositoryRoot"), "src", "ChangeFeed.Host", "bin", Metadata("Configuration"), "net10.0", "ChangeFeed.Host.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing: build src/ChangeFeed.Host first.", path);
        }
    }

    public static async Task<MeasuredHost> StartAsync(IReadOnlyDictionary<string, string> settings, GcVariant gc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(gc);
        // The host's working directory (its content root, whose files configuration watches) is an empty directory of its
        // own: in a busy one (the temporary directory) every file written elsewhere would wake the host's file watcher.
        var directory = Directory.CreateTempSubdirectory("changefeed-host-").FullName;
        var workingDirectory = Directory.CreateDirectory(Path.Combine(directory, "content")).FullName;
        var probeSocket = Path.Combine(directory, "probe");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } dotnet ? dotnet : "dotnet")
        {
            ArgumentList = { HostPath },
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        // Only what a container would give it, plus the probe, the GC variant and the profiling variables set for the benchmark.
        var inherited = new[] { "PATH", "HOME", "DOTNET_ROOT", "TMPDIR" }.ToDictionary(name => name, Environment.GetEnvironmentVariable);
        start.Environment.Clear();
        foreach (var (name, value) in inherited.Where(pair => pair.Value is not null))
            start.Environment[name] = value;
        foreach (var (key, value) in settings)
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Azure"] = "Error";
        start.Environment["Logging__LogLevel__ChangeFeed.Host.Processing.RouteProcessors"] = "Information";
        start.Environment["COSMOS_DISABLE_IMDS_ACCESS"] = "true";
        start.Environment["DOTNET_STARTUP_HOOKS"] = typeof(StartupHook).Assembly.Location;
        start.Environment[RuntimeProbe.FileVariable] = probeSocket;
        foreach (var (name, value) in ProfilingEnvironment.Set())
            start.Environment[name] = value;
        foreach (var (name, value) in gc.Environment)
            start.Environment[name] = value;

        var host = new MeasuredHost(System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"), directory);
        var deadline = Stopwatch.StartNew();
        while (!host.Output.Any(line => line.Contains("change feed processor started", StringComparison.Ordinal)) || !File.Exists(probeSocket))
        {
            if (host.process.HasExited || deadline.Elapsed > TimeSpan.FromMinutes(5))
            {
                var why = host.process.HasExited ? $"exited with {host.process.ExitCode}" : "did not start within 5 minutes";
                await host.DisposeAsync();
                throw new InvalidOperationException($"the host {why}:{Environment.NewLine}{string.Join(Environment.NewLine, host.Output.TakeLast(40))}");
            }

            await Task.Delay(100, cancellationToken);
        }

        return host;
    }

    public RuntimeProbe Probe()
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return RuntimeProbe.Read(process.Id, Path.Combine(directory, "probe"));
            }
            catch (Exception exception) when (exception is IOException or System.Net.Sockets.SocketException && attempt < 10)
            {
                Thread.Sleep(10);
            }
        }
    }

    /// <summary>SIGSTOP: the process does nothing (no poll, no lease renewal) until <see cref="ThawAsync"/>.</summary>
    public Task FreezeAsync() => SignalAsync("STOP");

    public Task ThawAsync() => SignalAsync("CONT");

    private async Task SignalAsync(string signal)
    {
        using var kill = System.Diagnostics.Process.Start(new ProcessStartInfo("kill", ["-s", signal, process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("kill did not start");
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
            throw new InvalidOperationException($"kill -s {signal} {process.Id} exited with {kill.ExitCode}");
    }

    private void Keep(string? line)
    {
        if (line is not null && lines.Count < 2_000)
            lines.Enqueue(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            await ThawAsync();
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        process.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using ChangeFeed.Tests.Programs;

namespace ChangeFeed.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A processor host running as an OS process of its own, as a container replica runs it: the built
/// <c>src/ChangeFeed.Host</c> (<see cref="BuiltProgram.PathOf"/>) started with <c>dotnet</c>, every setting
/// in an environment variable (<c>:</c> written <c>__</c>) and nothing else from the test process. Unlike
/// <see cref="BuiltProgram"/>, which runs a program to its end, it keeps running until killed. It can be killed with SIGKILL, like a replica the platform
/// kills. Its console output is kept; its CPU time is sampled while it runs.
/// </summary>
public sealed partial class HostProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> lines = new();
    private readonly CancellationTokenSource sampling = new();
    private readonly Task sampler;
    private long cpuTicks;

    private HostProcess(string instanceName, Process process)
    {
        InstanceName = instanceName;
        this.process = process;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        sampler = Task.Run(SampleAsync);
    }

    public string InstanceName { get; }

    public int Id => process.Id;

    public bool Killed { get; private set; }

    public bool HasExited => process.HasExited;

    /// <summary>CPU time the process used, as last sampled (every 200 ms while it runs, and right before a kill).</summary>
    public TimeSpan CpuTime => TimeSpan.FromTicks(Interlocked.Read(ref cpuTicks));

    /// <summary>CPU time it had used when its processors had started (start-up: runtime, JIT, clients, leases).</summary>
    public TimeSpan CpuAtStart { get; private set; }

    /// <summary>Everything it wrote to stdout and stderr so far.</summary>
    public IReadOnlyList<string> Output => [.. lines];

    /// <summary>Lease tokens it acquired, in order, one entry per acquisition (from its own log).</summary>
    public IReadOnlyList<string> Acquisitions => [.. Output.Select(line => LeaseAcquired().Match(line)).Where(m => m.Success).Select(m => m.Groups["lease"].Value)];

    /// <summary>Relay attempts that failed and were retried (each may have published part of its page before failing).</summary>
    public int FailedRelays => Output.Count(line => line.Contains("changes failed (attempt", StringComparison.Ordinal));

    /// <summary>Lines it logged at warning level or above (the simple console format starts them with warn/fail/crit).</summary>
    public IReadOnlyList<string> Problems => [.. Output.Where(line => line.Contains("warn: ", StringComparison.Ordinal) || line.Contains("fail: ", StringComparison.Ordinal) || line.Contains("crit: ", StringComparison.Ordinal))];

    public static HostProcess Start(string instanceName, IReadOnlyDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } dotnet ? dotnet : "dotnet")
        {
            ArgumentList = { BuiltProgram.PathOf("ChangeFeed.Host") },
            WorkingDirectory = Path.GetTempPath(),
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        // Only what a container would give it: no setting leaks from the test process.
        var inherited = new[] { "PATH", "HOME", "DOTNET_ROOT", "TMPDIR" }.ToDictionary(name => name, Environment.GetEnvironmentVariable);
        start.Environment.Clear();
        foreach (var (name, value) in inherited.Where(pair => pair.Value is not null))
            start.Environment[name] = value;
        foreach (var (key, value) in settings)
        {
            if (value is not null)
                start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        // One line per log entry; lease moves at Information (RouteProcessorFactory), the rest from Warning up.
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        start.Environment["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Azure"] = "Error";
        start.Environment["Logging__LogLevel__ChangeFeed.Host.Processing.RouteProcessorFactory"] = "Information";
        start.Environment["Logging__LogLevel__ChangeFeed.Host.Processing.RouteProcessors"] = "Information";
        start.Environment["COSMOS_DISABLE_IMDS_ACCESS"] = "true";
        start.Environment["DOTNET_gcServer"] = "0"; // several hosts share two cores: one heap each, as a small replica has
        return new HostProcess(instanceName, Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"));
    }

    /// <summary>Waits until every route's processor has started (the host logs it), or fails with its output.</summary>
    public async Task WaitUntilStartedAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Any(line => line.Contains("change feed processor started", StringComparison.Ordinal)))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException(
                    $"host {InstanceName} {(process.HasExited ? $"exited with {process.ExitCode}" : $"did not start within {timeout}")}:{Environment.NewLine}{string.Join(Environment.NewLine, Output.TakeLast(40))}");
            }

            await Task.Delay(100);
        }

        Sample();
        CpuAtStart = CpuTime;
    }

    /// <summary>SIGKILL: no graceful stop, no last checkpoint, leases left to expire.</summary>
    public async Task KillAsync()
    {
        Sample();
        Killed = true; // no sample after this: the process is going away
        process.Kill(entireProcessTree: false); // on Linux and macOS: SIGKILL
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>SIGINT, what Ctrl+C sends: the host is asked to stop.</summary>
    public async Task InterruptAsync()
    {
        Sample();
        using var signal = Process.Start(new ProcessStartInfo("kill", ["-s", "INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("kill did not start.");
        await signal.WaitForExitAsync();
    }

    /// <summary>Waits until it exited (its output read to the end) and returns its exit code.</summary>
    public async Task<int> ExitedAsync(TimeSpan timeout)
    {
        await process.WaitForExitAsync().WaitAsync(timeout);
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        await sampling.CancelAsync();
        await sampler;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        process.Dispose();
        sampling.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is not null)
            lines.Enqueue(line);
    }

    private async Task SampleAsync()
    {
        while (!sampling.IsCancellationRequested)
        {
            Sample();
            try
            {
                await Task.Delay(200, sampling.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Sample()
    {
        try
        {
            if (!Killed && !process.HasExited)
                Interlocked.Exchange(ref cpuTicks, process.TotalProcessorTime.Ticks);
        }
        catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // exited (or killed) between the check and the read: the last sample stands
        }
    }

    [GeneratedRegex(@"Route \S+: lease (?<lease>\S+) acquired")]
    private static partial Regex LeaseAcquired();
}

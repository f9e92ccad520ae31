using System.Globalization;

#pragma warning disable CA1050 // the runtime looks for a type named StartupHook in the global namespace

/// <summary>
/// Loaded into the measured host process by <c>DOTNET_STARTUP_HOOKS</c> (the host's code is not changed): every 50 ms
/// it writes the process's own runtime counters (CPU, bytes allocated, GC pause time and counts) and the host's
/// <c>ChangeFeed</c> meter (events published, batches sent, pages relayed) to the file named by
/// <see cref="ChangeFeed.Benchmarks.Process.RuntimeProbe.FileVariable"/>, so that the benchmark reads them before and after a measured window.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable(ChangeFeed.Benchmarks.Process.RuntimeProbe.FileVariable) is not { Length: > 0 } path)
            return;

        // Lives as long as the process: nothing disposes it.
#pragma warning disable CA2000
        var relay = new ChangeFeed.Benchmarks.Process.RelayMeter();
#pragma warning restore CA2000

        // Answers on a Unix socket when asked, rather than writing a file every few milliseconds: a probe that works while
        // nothing is asked costs nothing, so an idle window measures the host and not the probe.
#pragma warning disable CA2000 // lives as long as the process
        var listener = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
#pragma warning restore CA2000
        listener.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(path));
        listener.Listen(4);
#pragma warning disable CA2000 // lives as long as the process
        var allocations = Environment.GetEnvironmentVariable(ChangeFeed.Benchmarks.Process.AllocationSampler.FileVariable) is { Length: > 0 } allocationFile
            ? (Sampler: new ChangeFeed.Benchmarks.Process.AllocationSampler(), File: allocationFile)
            : default;
#pragma warning restore CA2000
        var thread = new Thread(() =>
        {
            while (true)
            {
                using var asker = listener.Accept();
                allocations.Sampler?.WriteSinceLast(allocations.File);
                var line = string.Join(' ', new[]
                {
                    Environment.CpuUsage.TotalTime.Ticks,
                    GC.GetTotalAllocatedBytes(precise: false),
                    GC.GetTotalPauseDuration().Ticks,
                    GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2),
                    relay.Published, relay.Batches, relay.Pages,
                    System.Runtime.JitInfo.GetCompilationTime(currentThread: false).Ticks, System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: false),
                }.Select(value => value.ToString(CultureInfo.InvariantCulture)));
                asker.Send(System.Text.Encoding.ASCII.GetBytes(line));
                asker.Shutdown(System.Net.Sockets.SocketShutdown.Both);
            }
        })
        { IsBackground = true, Name = "changefeed-runtime-probe" };
        thread.Start();
    }
}

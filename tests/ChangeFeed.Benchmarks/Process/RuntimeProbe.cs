using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace ChangeFeed.Benchmarks.Process;

/// <summary>
/// What the host process reports about itself (<see cref="StartupHook"/>), read from outside: the probe's Unix socket
/// for the runtime's and the host's counters (the host must be running to answer), <c>/proc/&lt;pid&gt;/stat</c> for its CPU time as the kernel accounts it.
/// </summary>
public sealed record RuntimeProbe(
    TimeSpan ProcCpu, TimeSpan RuntimeCpu, long Allocated, TimeSpan GcPause, int Gen0, int Gen1, int Gen2, long Published, long Batches, long Pages, TimeSpan JitTime, long JitMethods)
{
    public const string FileVariable = "CHANGEFEED_BENCHMARK_PROBE";

    // USER_HZ: the unit of utime and stime in /proc/<pid>/stat, 100 on every Linux the runtime supports.
    private const int ClockTicksPerSecond = 100;

    public static RuntimeProbe Read(int processId, string socketPath)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        using var stream = new NetworkStream(socket);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var text = reader.ReadToEnd();
        var proc = ProcCpuOf(processId);
        var fields = text.Split(' ').Select(value => long.Parse(value, CultureInfo.InvariantCulture)).ToArray();
        return new RuntimeProbe(
            proc, TimeSpan.FromTicks(fields[0]), fields[1], TimeSpan.FromTicks(fields[2]), (int)fields[3], (int)fields[4], (int)fields[5], fields[6], fields[7], fields[8], TimeSpan.FromTicks(fields[9]), fields[10]);
    }

    /// <summary>utime + stime of the process (all its threads), from <c>/proc/&lt;pid&gt;/stat</c>.</summary>
    public static TimeSpan ProcCpuOf(int processId)
    {
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        // The command name (field 2) may hold spaces: count the fields after its closing parenthesis (field 3 is the state).
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds((double)ticks / ClockTicksPerSecond);
    }

    /// <summary>What happened between <paramref name="before"/> and this probe.</summary>
    public WindowCounters Since(RuntimeProbe before)
    {
        ArgumentNullException.ThrowIfNull(before);
        return new WindowCounters(
            ProcCpu - before.ProcCpu, RuntimeCpu - before.RuntimeCpu, Allocated - before.Allocated, GcPause - before.GcPause,
            Gen0 - before.Gen0, Gen1 - before.Gen1, Gen2 - before.Gen2, Published - before.Published, Batches - before.Batches, Pages - before.Pages,
            JitTime - before.JitTime, JitMethods - before.JitMethods);
    }
}

/// <summary>
/// The host's counters over one measured window. JIT: methods the JIT compiler compiled (tier 0, and again as hot methods
/// tier up) and the time it took; that time is wall-clock, and a compilation under way when the host is frozen counts the
/// freeze, so the method count is what says whether the host has settled.
/// </summary>
public sealed record WindowCounters(
    TimeSpan ProcCpu, TimeSpan RuntimeCpu, long Allocated, TimeSpan GcPause, int Gen0, int Gen1, int Gen2, long Published, long Batches, long Pages, TimeSpan JitTime, long JitMethods)
;

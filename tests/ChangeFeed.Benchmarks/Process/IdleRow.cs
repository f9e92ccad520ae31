using System.Globalization;

namespace ChangeFeed.Benchmarks.Process;

/// <summary>One idle window's figures, per second: what a host costs while nothing changes (polls, lease renewals, timers).</summary>
public sealed record IdleFigures(double Seconds, double CpuMillisecondsPerSecond, double AllocatedKbPerSecond, double GcShare)
{
    public static IdleFigures From(WindowCounters counters, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(counters);
        var seconds = Math.Max(elapsed.TotalSeconds, 0.001);
        return new IdleFigures(
            seconds,
            counters.ProcCpu.TotalMilliseconds / seconds,
            counters.Allocated / 1024.0 / seconds,
            counters.RuntimeCpu > TimeSpan.Zero ? counters.GcPause / counters.RuntimeCpu : 0);
    }
}

/// <summary>A row of the idle table: one mode and GC variant, several idle windows.</summary>
public sealed record IdleRow(string Gc, string Mode, IReadOnlyList<IdleFigures> Runs)
{
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"| {Gc} | {Mode} | {Runs.Average(r => r.Seconds):F0} s | {Runs.Count} | {ScenarioRow.Spread(Runs.Select(r => r.CpuMillisecondsPerSecond), "F1")} | "
        + $"{ScenarioRow.Spread(Runs.Select(r => r.AllocatedKbPerSecond), "F0")} | {ScenarioRow.Spread(Runs.Select(r => r.GcShare * 100), "F0")} % |");
}

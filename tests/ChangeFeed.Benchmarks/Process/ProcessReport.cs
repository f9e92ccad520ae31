using System.Globalization;
using System.Text;

namespace ChangeFeed.Benchmarks.Process;

/// <summary>One measured window's figures, per change.</summary>
public sealed record RunFigures(int Changes, int Delivered, double CpuMicroseconds, double AllocatedKb, double GcShare, double ChangesPerPage, double SendsPerPage, int DuplicatesDropped, long JitMethods)
{
    public static RunFigures From(Window window)
    {
        ArgumentNullException.ThrowIfNull(window);
        var c = window.Counters;
        var changes = Math.Max(window.Changes, 1);
        var pages = Math.Max(c.Pages, 1);
        return new RunFigures(
            window.Changes,
            window.Delivered,
            c.ProcCpu.TotalMicroseconds / changes,
            c.Allocated / 1024.0 / changes,
            c.RuntimeCpu > TimeSpan.Zero ? c.GcPause / c.RuntimeCpu : 0,
            (double)c.Published / pages,
            (double)c.Batches / pages,
            window.DuplicatesDropped,
            c.JitMethods);
    }
}

/// <summary>A row of the report: one scenario in one mode and GC variant, measured over several runs.</summary>
public sealed record ScenarioRow(string Gc, string Mode, string Scenario, IReadOnlyList<RunFigures> Runs)
{
    public bool EveryChangeDelivered => Runs.All(r => r.Delivered == r.Changes);

    public string Describe()
    {
        var delivered = $"{Runs.Sum(r => r.Delivered)}/{Runs.Sum(r => r.Changes)}";
        return $"| {Gc} | {Mode} | {Scenario} | {Runs.Count} | {Spread(Runs.Select(r => r.CpuMicroseconds), "F0")} | {Spread(Runs.Select(r => r.AllocatedKb), "F1")} | "
            + $"{Spread(Runs.Select(r => r.GcShare * 100), "F0")} % | {Spread(Runs.Select(r => (double)r.JitMethods), "F0")} | {Spread(Runs.Select(r => r.ChangesPerPage), "F1")} | {Spread(Runs.Select(r => r.SendsPerPage), "F2")} | {delivered} |";
    }

    /// <summary>Median, then min–max (one value: itself).</summary>
    internal static string Spread(IEnumerable<double> values, string format)
    {
        var sorted = values.Order().ToList();
        string F(double v) => v.ToString(format, CultureInfo.InvariantCulture);
        return sorted.Count == 1 ? F(sorted[0]) : $"{F(Median(sorted))} ({F(sorted[0])}–{F(sorted[^1])})";
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}

/// <summary>What the process benchmark measured, as a markdown table (median, then min–max over the runs).</summary>
public sealed record ProcessReport(ProcessBenchmarkOptions Options, IReadOnlyList<ScenarioRow> Rows, IReadOnlyList<IdleRow> Idle, int DocumentBytes)
{
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        var load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
        text.AppendLine(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {load}, .NET {Environment.Version}");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{Options.FeedRanges} feed ranges, {Options.Keys} keys, {DocumentBytes}-byte documents, pages of up to {Options.PageSize}, warm-up {Options.WarmUp}, measured {Options.Measured} per run, live writer at {Options.LiveRate}/s, poll interval {Options.PollInterval ?? "host default"}");
        text.AppendLine();
        if (ProfilingEnvironment.Describe() is { Length: > 0 } passed)
            text.AppendLine(CultureInfo.InvariantCulture, $"passed to the host: {passed}");
        text.AppendLine();
        text.AppendLine("| GC | mode | scenario | runs | µs CPU per change | KB allocated per change | GC share | methods JIT-compiled | changes per page | sends per page | delivered |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var row in Rows)
            text.AppendLine(row.Describe());
        foreach (var cost in PageCosts())
            text.AppendLine(cost);
        if (Idle.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("| GC | mode | idle | runs | ms CPU per second | KB allocated per second | GC share |");
            text.AppendLine("|---|---|---|---|---|---|---|");
            foreach (var row in Idle)
                text.AppendLine(row.Describe());
        }

        return text.ToString();
    }

    /// <summary>
    /// What a live page costs beyond its changes, per GC variant and mode measured both ways: the live window's CPU per change
    /// less the backlog's (full pages, where the fixed cost per page is spread over ~100 changes), times the live changes per page.
    /// The idle work of the live window's duration (polls of empty leases, lease renewals) is in it.
    /// </summary>
    private IEnumerable<string> PageCosts()
    {
        foreach (var live in Rows.Where(r => r.Scenario == "live"))
        {
            if (Rows.FirstOrDefault(r => r.Scenario == "backlog" && r.Gc == live.Gc && r.Mode == live.Mode) is not { } backlog)
                continue;
            var perChange = ScenarioRow.Median(live.Runs.Select(r => r.CpuMicroseconds)) - ScenarioRow.Median(backlog.Runs.Select(r => r.CpuMicroseconds));
            var perPage = ScenarioRow.Median(live.Runs.Select(r => r.ChangesPerPage));
            yield return string.Create(CultureInfo.InvariantCulture,
                $"\n{live.Gc}, {live.Mode}: a live page ({perPage:F1} changes) costs {perChange:F0} µs per change more than a full page, {perChange * perPage / 1000:F2} ms of CPU per page beyond its changes (medians).");
        }
    }
}

using ChangeFeed.Benchmarks.Process;

namespace ChangeFeed.Benchmarks.Tests;

/// <summary>
/// Keeps the process benchmark (docs/benchmarks.md, "CPU per change of the host process") from rotting: its smallest
/// run, the built host against the stand-ins, must deliver every change and report every figure with a sane value.
/// Nothing here is timed: the figures of so small a run mean nothing.
/// </summary>
public class the_process_benchmark_reports_every_figure
{
    [Fact]
    public async Task a_smoke_run_delivers_every_change_and_reports_cpu_allocations_gc_and_pages()
    {
        // Latest-version mode only: all versions and deletes first waits for every lease's continuation, which would
        // double the test's time; `process --smoke` runs both modes.
        var options = new ProcessBenchmarkOptions { Modes = [FeedMode.LatestVersion] }.Smoke() with
        {
            WarmUp = 100, Measured = 100, PollInterval = "00:00:00.200", Scenarios = [Scenario.Backlog, Scenario.Live, Scenario.Idle], IdleSeconds = 3,
        };
        using var log = new StringWriter();

        var report = await ProcessBenchmark.RunAsync(options, log, CancellationToken.None);

        Assert.Equal(
            ["latest backlog", "latest live", "latest functions worker (in process)"],
            report.Rows.Select(r => $"{r.Mode} {r.Scenario}"));
        Assert.All(report.Rows, row =>
        {
            var run = Assert.Single(row.Runs);
            var where = $"{row.Mode} {row.Scenario}: {run}\n{log}";
            Assert.True(run.Changes == 100 && run.Delivered == 100, where);
            Assert.True(run.CpuMicroseconds > 0, where);
            Assert.True(run.AllocatedKb > 0, where);
            // Pauses are wall-clock: on a loaded machine they can exceed the CPU time (docs/benchmarks.md), so no upper bound.
            Assert.True(run.GcShare >= 0 && double.IsFinite(run.GcShare), where);
            Assert.True(run.ChangesPerPage is > 0 and <= 100, where);
            Assert.True(run.SendsPerPage > 0, where);
            Assert.Equal(0, run.DuplicatesDropped);
            Assert.True(run.JitMethods >= 0, where);
        });
        var idle = Assert.Single(Assert.Single(report.Idle).Runs);
        // An idle host still polls its leases (every 200 ms here) and renews them: some CPU, some allocations. (A timer may
        // end a few hundred microseconds early: 2.9 s.)
        Assert.True(idle.Seconds >= 2.9 && idle.CpuMillisecondsPerSecond > 0 && idle.AllocatedKbPerSecond > 0, $"{idle}\n{log}");
        var table = report.ToMarkdown();
        Assert.Equal(report.Rows.Count + report.Idle.Count, table.Split('\n').Count(line => line.StartsWith("| default |", StringComparison.Ordinal)));
        Assert.Contains("default, latest: a live page", table, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", table, StringComparison.Ordinal);
    }
}

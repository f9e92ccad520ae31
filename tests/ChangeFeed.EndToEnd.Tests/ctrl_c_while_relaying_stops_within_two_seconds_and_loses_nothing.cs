using System.Globalization;
using System.Text.RegularExpressions;
using ChangeFeed.EndToEnd.Tests.Infrastructure;

namespace ChangeFeed.EndToEnd.Tests;

/// <summary>
/// The first Ctrl+C (SIGINT) to a processor host that is relaying, as built and as an OS process: it stops within 2 s
/// of the signal with one "stopped" line, exit code 0 and no stack trace; a page it was relaying is not checkpointed,
/// so the next instance relays it again and every change written arrives (duplicates are dropped, none is lost).
/// The time is the host's own, from the signal to its last line: on a loaded machine the test's clock also counts
/// starting <c>kill</c> and the runtime's exit.
/// </summary>
[Collection(TimedStopSuite.Name)]
public sealed partial class ctrl_c_while_relaying_stops_within_two_seconds_and_loses_nothing(Targets targets, ITestOutputHelper output)
{
    [Fact]
    public async Task the_first_sigint_while_changes_flow_stops_the_host_within_2_s_and_the_next_instance_delivers_the_rest()
    {
        await using var run = await ScaleOut.StartAsync(targets, output, "sigint", allVersions: false, feedRanges: 2);
        var writes = run.Writes(keys: 40, perKey: 10, pacedSeconds: 6);
        var first = await run.StartHostAsync("host-a");
        var writing = writes.RunAsync();
        await writes.ReachedAsync(0.3, TimeSpan.FromMinutes(2));
        await Eventually.HoldsAsync(() => run.Scenario.Received.Count > 0, () => "no event relayed yet", TimeSpan.FromSeconds(60));
        var before = first.Output.Count;

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await first.InterruptAsync();
        var exitCode = await first.ExitedAsync(TimeSpan.FromSeconds(30));
        clock.Stop();
        var after = first.Output.Skip(before).ToList();
        run.Log($"host-a exited {exitCode} {clock.Elapsed.TotalSeconds:F2} s after SIGINT by the test's clock; its lines after the signal:{Environment.NewLine}{string.Join(Environment.NewLine, after)}");

        await writing;
        await run.StartHostAsync("host-b");
        await run.DeliveredAsync(writes.Expected, TimeSpan.FromMinutes(3));
        var result = await run.FiguresAsync(writes.Expected);

        Assert.Equal(0, exitCode);
        var stopped = Assert.Single(after, line => line.StartsWith("The processor host stopped ", StringComparison.Ordinal));
        var seconds = double.Parse(StoppedAfter().Match(stopped).Groups["seconds"].Value, CultureInfo.InvariantCulture);
        Assert.True(seconds < 2.0, $"stopped {seconds} s after the signal, more than 2 s");
        Assert.DoesNotContain(first.Output, line => line.Contains("   at ", StringComparison.Ordinal) || line.Contains("Exception", StringComparison.Ordinal));
        Assert.True(after.Count <= 6, $"{after.Count} lines after the signal");
        result.AssertEveryEventOnceInKeyOrder(writes.Total);
    }

    [GeneratedRegex(@"stopped (?<seconds>\d+\.\d) s after the stop signal")]
    private static partial Regex StoppedAfter();
}

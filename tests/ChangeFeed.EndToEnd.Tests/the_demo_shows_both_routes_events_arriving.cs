using ChangeFeed.EndToEnd.Tests.Infrastructure;
using ChangeFeed.Tests.Programs;

namespace ChangeFeed.EndToEnd.Tests;

/// <summary>
/// The README's demo (samples/ChangeFeed.Demo) run as built, non-interactively: it starts the test stand-ins itself
/// (no fixture of this suite), writes orders through the outbox writer and as plain documents, and stops after
/// <c>--count</c> events with plain lines on redirected output and a summary per route; or, started in a process group
/// of its own as a terminal starts it, stops within 2 s on a Ctrl+C that reaches the whole group (its Node stand-in too).
/// </summary>
[Collection(TimedStopSuite.Name)] // its Ctrl+C test times the stop
public sealed class the_demo_shows_both_routes_events_arriving(ITestOutputHelper output)
{
    private const int Count = 9;

    [Fact]
    public async Task events_of_both_routes_arrive_are_handled_by_the_subscriber_and_the_demo_exits_0_after_count()
    {
        var run = await BuiltProgram.RunAsync("ChangeFeed.Demo", ["--count", Count.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        output.WriteLine(run.ToString());

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("test stand-ins (test infrastructure from tests/, not emulators)", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Output + run.Error, StringComparison.Ordinal);

        var events = run.Output.Split('\n').Where(line => line.StartsWith("event\t", StringComparison.Ordinal)).Select(line => line.Split('\t')).ToList();
        // Writing stops once the count is reached; a round written meanwhile (one every 2 s) may still arrive.
        Assert.InRange(events.Count, Count, Count + 6);
        Assert.All(events, fields => Assert.Equal(6, fields.Length));
        var types = events.Select(fields => (Route: fields[1], Type: fields[2])).Distinct().ToHashSet();
        Assert.Contains(("outbox", "com.contoso.orders.OrderPlaced"), types);
        Assert.Contains(("outbox", "com.contoso.orders.OrderShipped"), types);
        Assert.Contains(("orders", "com.contoso.orders.order.upserted"), types);
        Assert.All(events, fields => Assert.False(string.IsNullOrEmpty(fields[3]), "every event carries its session"));
        Assert.All(events, fields => Assert.StartsWith("{", fields[5], StringComparison.Ordinal));

        var outbox = events.Count(fields => fields[1] == "outbox");
        var orders = events.Count(fields => fields[1] == "orders");
        var summary = System.Text.RegularExpressions.Regex.Match(run.Output, @"stopped: (\d+) events arrived \(orders (\d+), outbox (\d+)\); the sample subscriber handled (\d+)\.");
        Assert.True(summary.Success, "the summary line is missing");
        Assert.Equal([events.Count, orders, outbox], new[] { 1, 2, 3 }.Select(group => int.Parse(summary.Groups[group].Value, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.True(int.Parse(summary.Groups[4].Value, System.Globalization.CultureInfo.InvariantCulture) >= Count, "the sample subscriber handled fewer events than the count");
    }

    [Fact]
    public async Task ctrl_c_to_the_demos_process_group_after_events_arrived_stops_it_within_2_s_without_a_stack_trace()
    {
        // As a terminal runs it: its own process group, which Ctrl+C's SIGINT reaches whole (the Node stand-in too).
        using var running = BuiltProgram.Start("ChangeFeed.Demo", [], ownProcessGroup: true);
        await WaitForAsync(() => running.OutputSoFar.Contains("event\t", StringComparison.Ordinal) || running.HasExited, TimeSpan.FromMinutes(3));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await running.InterruptGroupAsync();
        var run = await running.ExitedAsync("the demo");
        clock.Stop();
        output.WriteLine($"{run}\nexited {clock.Elapsed.TotalSeconds:F2} s after SIGINT by the test's clock");

        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"stopped: \d+ events arrived", run.Output);
        var stopped = System.Text.RegularExpressions.Regex.Match(run.Error, @"Demo stopped (\d+\.\d) s after the stop\.");
        Assert.True(stopped.Success, "the demo did not say it stopped");
        var seconds = double.Parse(stopped.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(seconds < 2.0, $"stopped {seconds} s after the signal (its own clock), more than 2 s; before, 35 s");
        Assert.DoesNotContain("   at ", run.Output + run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Error, StringComparison.Ordinal);
        Assert.True(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length <= 5, "more than a few lines on standard error");
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within {timeout}");
            await Task.Delay(200);
        }
    }
}

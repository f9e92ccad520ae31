using ChangeFeed.Backfill;
using ChangeFeed.CommandLine;
using ChangeFeed.Configuration;
using ChangeFeed.Host.Backfill;
using ChangeFeed.Routing;
using Microsoft.Extensions.Time.Testing;

namespace ChangeFeed.Host.Tests;

/// <summary>
/// What a person watches, on standard error (standard output holds only the result): redirected, the run's first line,
/// then a plain progress line at most every <see cref="BackfillDisplay.LineInterval"/> (no escape codes, so scripts can
/// grep it); on a terminal a live bar with the same counts, rate and estimate. Nothing of it reaches standard output.
/// </summary>
public sealed class backfill_progress_is_a_bar_on_a_terminal_and_lines_in_a_log
{
    private static readonly BackfillRequest Request = new(
        Route.From("orders", new RouteOptions { Database = "changefeed", Container = "orders", Topic = "orders-cdc", PartitionKeyPath = "/customerId", EventType = "com.contoso.orders.order" }, "contoso"),
        "billing", Since: null, PageSize: 100);

    [Fact]
    public async Task redirected_output_gets_a_plain_line_every_interval()
    {
        var time = new FakeTimeProvider();
        using var output = new StringWriter();
        using var result = new StringWriter();
        var display = BackfillDisplay.For(CommandConsole.Redirected(result, output), time);

        await display.ShowAsync(Request, progress =>
        {
            progress.Report(Status(0, TimeSpan.Zero));
            for (var page = 1; page <= 10; page++)
            {
                time.Advance(TimeSpan.FromMilliseconds(500));
                progress.Report(Status(page * 100, TimeSpan.FromMilliseconds(500 * page)));
            }

            return Task.FromResult(0);
        });

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            "Backfill of route 'orders' (changefeed/orders → orders-cdc) for subscription 'billing', from the beginning: new run 0193a5c2-0000-7000-8000-000000000001; the container holds about 5,000 documents.",
            lines[0]);
        Assert.Equal("progress  100 of about 5,000 documents read (2%), 100 events sent, 0 skipped, 200 documents/s, about 24.5 s left", lines[1]);
        Assert.Equal(3, lines.Length - 1); // after the first page, then every 2 s of the 5 s
        Assert.StartsWith("progress  500 of about 5,000 documents read (10%)", lines[2], StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', output.ToString());
        Assert.Empty(result.ToString());
    }

    [Fact]
    public async Task a_terminal_gets_a_live_bar_with_the_same_counts()
    {
        using var output = new StringWriter();
        using var standardOutput = new StringWriter();
        var display = BackfillDisplay.For(new CommandConsole(standardOutput, output, ConsoleStyle.Plain, ConsoleStyle.Terminal(colour: false)), TimeProvider.System);

        var result = await display.ShowAsync(Request, progress =>
        {
            progress.Report(Status(0, TimeSpan.Zero));
            progress.Report(Status(2_500, TimeSpan.FromSeconds(5)));
            return Task.FromResult(42);
        });

        var text = output.ToString();
        Assert.Equal(42, result);
        Assert.Contains("new run 0193a5c2-0000-7000-8000-000000000001", text, StringComparison.Ordinal);
        Assert.Contains("2,500 of ~5,000 read, 2,500 sent, 0 skipped, 500/s", text, StringComparison.Ordinal);
        Assert.Contains("100%", text, StringComparison.Ordinal); // caught up: the bar ends full
        Assert.Contains('\u001b', text); // drawn in place with cursor movements
        Assert.Empty(standardOutput.ToString());
    }

    private static BackfillStatus Status(long read, TimeSpan elapsed) => new(
        new BackfillProgress
        {
            RunId = "0193a5c2-0000-7000-8000-000000000001",
            Route = "orders",
            Subscription = "billing",
            StartedAt = DateTimeOffset.UnixEpoch,
            DocumentsRead = read,
            EventsSent = read,
        },
        EstimatedDocuments: 5_000,
        ReadThisSession: read,
        Elapsed: elapsed,
        Resumed: false);
}

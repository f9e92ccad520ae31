using System.Diagnostics;
using ChangeFeed.CommandLine;
using ChangeFeed.EndToEnd.Tests.Infrastructure;
using ChangeFeed.Tests.Programs;

namespace ChangeFeed.EndToEnd.Tests;

/// <summary>
/// A backfill run as built (its own process) over a container of four feed ranges is killed outright midway, one of
/// the ranges splits (on the stand-in), then it is resumed and stopped with Ctrl+C (SIGINT), then resumed to the end:
/// one run throughout (its id in every event id), every document's event delivered once, and each interruption sent at
/// most one page again, which duplicate detection dropped. The exit codes and what the person saw (the resumed run,
/// the stop, the summary) are asserted.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed class a_backfill_killed_midway_resumes_and_sends_at_most_one_page_again(Targets targets, ITestOutputHelper output)
{
    private const int PageSize = 100;

    [Fact]
    public async Task killed_then_stopped_then_resumed_it_sends_every_document_with_at_most_a_page_again_per_stop()
    {
        await using var scenario = await Scenario.StartAsync(targets, output, "resume");
        var orders = await scenario.AddRouteAsync(Backfills.Route, "orders", "/pk", Backfills.RouteSettings, physicalPartitions: 4);
        var subscriptions = targets.BackfillSubscriptionsFor(scenario.Topic);
        await using var received = new ReceivedEvents(targets.ServiceBusConnectionString, scenario.Topic, subscriptions.Log, scenario.Database);
        var leases = targets.Cosmos.Client.GetContainer(scenario.Database, "leases");
        const int documents = 2_000;
        await Documents.WriteAsync(orders, 40, documents / 40, (key, seq) => Backfills.Order(key, seq, "placed"));
        string[] args = ["backfill", Backfills.Route, "--subscription", subscriptions.Log, "--from-beginning", "--page-size", $"{PageSize}", "--pages-per-second", "5"];
        var clock = Stopwatch.StartNew();

        // 1. Killed outright once a few pages are kept.
        using (var first = scenario.StartBuiltHost(null, args))
        {
            await KeptAtLeastAsync(leases, subscriptions.Log, documents / 4, first);
            first.Kill();
            var killed = await first.ExitedAsync();
            output.WriteLine($"killed: {killed}");
        }

        var runId = (await Backfills.KeptRunAsync(leases, subscriptions.Log))!.Value.GetProperty("runId").GetString()!;

        // A physical partition splits while nothing reads (a real account splits by itself): the kept continuation still holds.
        var split = targets.Cosmos.IsStandIn ? await targets.Cosmos.SplitAsync(orders, "1") : [];

        // 2. Resumed, then asked to stop (Ctrl+C).
        ProgramRun stopped;
        using (var second = scenario.StartBuiltHost(null, args))
        {
            await KeptAtLeastAsync(leases, subscriptions.Log, documents * 3 / 5, second);
            await second.InterruptAsync();
            stopped = await second.ExitedAsync();
            output.WriteLine($"stopped: {stopped}");
        }

        // 3. Resumed to the end.
        var last = await scenario.RunBuiltHostAsync(null, settingsFile: false, args);
        await Eventually.HoldsAsync(() => received.DistinctIds.Count >= documents, () => $"{received.DistinctIds.Count} of {documents} backfilled events received", TimeSpan.FromSeconds(60));
        await Task.Delay(1_000);
        clock.Stop();

        var sentAgain = targets.ServiceBusStandIn?.Topic(scenario.Topic).DuplicatesDropped;
        output.WriteLine(
            $"FIGURES documents {documents}, sent {received.DistinctIds.Count}, sent again after 2 interruptions {(sentAgain?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(not visible)")} "
            + $"(page size {PageSize}), duplicates {received.Duplicates}, runs 3, feed ranges 4{(split.Count > 0 ? $" (range 1 split into {string.Join(" and ", split)} between runs)" : "")}, elapsed {clock.Elapsed.TotalSeconds:F1} s");

        Assert.Equal(ExitCodes.Failed, stopped.ExitCode);
        Assert.Contains($"resuming run {runId}", stopped.Output, StringComparison.Ordinal);
        Assert.Contains("stopped after", stopped.Error, StringComparison.Ordinal);
        Assert.Contains("run the same command again to resume", stopped.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stopped.Error, StringComparison.Ordinal); // no stack trace

        Assert.Equal(ExitCodes.Ok, last.ExitCode);
        Assert.Contains($"resuming run {runId}", last.Output, StringComparison.Ordinal);
        Assert.Equal(((long)documents, (long)documents, 0L), Backfills.Done(last.Output));
        Assert.Contains($"Run {runId}, from the beginning, resumed", last.Output, StringComparison.Ordinal);
        Assert.True((await Backfills.KeptRunAsync(leases, subscriptions.Log))!.Value.GetProperty("completedAt").ValueKind == System.Text.Json.JsonValueKind.String);

        // Every document once, all of one run, for this subscription only; what an interruption sent again was dropped.
        Assert.Equal(documents, received.DistinctIds.Count);
        Assert.Equal(documents, received.All.Select(e => e.Subject).Distinct().Count());
        Assert.All(received.All, e => Assert.Equal(("backfill", subscriptions.Log), (e.Delivery, e.To)));
        Assert.Equal(0, received.Duplicates);
        if (sentAgain is { } dropped)
            Assert.InRange(dropped, 0, 2 * PageSize);
    }

    private static async Task KeptAtLeastAsync(Microsoft.Azure.Cosmos.Container leases, string subscription, long documents, RunningProgram program) =>
        await Eventually.HoldsAsync(
            async () =>
            {
                Assert.False(program.HasExited, $"the backfill ended early: {(program.HasExited ? await program.ExitedAsync() : null)}");
                return await Backfills.KeptRunAsync(leases, subscription) is { } run && run.GetProperty("documentsRead").GetInt64() >= documents;
            },
            () => $"a kept run with {documents} documents read",
            TimeSpan.FromSeconds(120));
}

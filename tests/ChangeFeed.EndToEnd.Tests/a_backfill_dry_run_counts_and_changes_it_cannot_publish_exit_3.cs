using System.Diagnostics;
using System.Text.Json;
using ChangeFeed.CommandLine;
using ChangeFeed.EndToEnd.Tests.Infrastructure;
using Microsoft.Azure.Cosmos;

namespace ChangeFeed.EndToEnd.Tests;

/// <summary>
/// <c>--dry-run</c> reads and counts what a backfill would send, sends nothing and keeps no run; a backfill leaves out
/// what the route cannot publish (what the live relay parks), lists it with why, and exits with 3; a route that is not
/// configured exits with 2. Run as built, output redirected: plain lines.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed class a_backfill_dry_run_counts_and_changes_it_cannot_publish_exit_3(Targets targets, ITestOutputHelper output)
{
    [Fact]
    public async Task the_dry_run_sends_nothing_and_the_backfill_sends_all_but_the_poison()
    {
        await using var scenario = await Scenario.StartAsync(targets, output, "dryrun");
        var orders = await scenario.AddRouteAsync(Backfills.Route, "orders", "/pk", Backfills.RouteSettings);
        var subscriptions = targets.BackfillSubscriptionsFor(scenario.Topic);
        await using var received = new ReceivedEvents(targets.ServiceBusConnectionString, scenario.Topic, subscriptions.Log, scenario.Database);
        var leases = targets.Cosmos.Client.GetContainer(scenario.Database, "leases");
        await Documents.WriteAsync(orders, 10, 30, (key, seq) => Backfills.Order(key, seq, "placed"));
        // A partition key of a type the route does not take (default string, number): what the live relay parks.
        foreach (var id in new[] { "poison-1", "poison-2" })
            await orders.UpsertItemAsync(new Newtonsoft.Json.Linq.JObject { ["id"] = id, ["pk"] = true, ["status"] = "placed" }, new PartitionKey(true));
        string[] args = ["backfill", Backfills.Route, "--subscription", subscriptions.Log];
        var clock = Stopwatch.StartNew();

        var dryRun = await scenario.RunBuiltHostAsync(null, settingsFile: true, [.. args, "--dry-run"]);
        var dryRunJson = await scenario.RunBuiltHostAsync(null, settingsFile: true, [.. args, "--dry-run", "--output", "json"]);
        await Task.Delay(1_000);
        var receivedAfterDryRun = received.Count;
        var keptAfterDryRun = await Backfills.KeptRunAsync(leases, subscriptions.Log);
        var backfill = await scenario.RunBuiltHostAsync(null, settingsFile: true, args);
        await Eventually.HoldsAsync(() => received.DistinctIds.Count >= 300, () => $"{received.DistinctIds.Count} of 300 events received", TimeSpan.FromSeconds(60));
        var unknown = await scenario.RunBuiltHostAsync(null, settingsFile: true, "backfill", "invoices", "--subscription", subscriptions.Log);
        clock.Stop();

        output.WriteLine($"FIGURES documents 302, would send {Backfills.Number(Between(dryRun.Output, "read, ", " events would be sent"))}, sent {received.DistinctIds.Count}, skipped 2, duplicates {received.Duplicates}, elapsed {clock.Elapsed.TotalSeconds:F1} s");

        Assert.Equal(ExitCodes.StillParked, dryRun.ExitCode);
        Assert.Contains("dry run: nothing is sent and no progress is kept", dryRun.Output, StringComparison.Ordinal);
        Assert.Contains("302 documents read, 300 events would be sent, 2 skipped", dryRun.Output, StringComparison.Ordinal);
        Assert.Contains("  com.contoso.orders.order.upserted  300", dryRun.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.StillParked, dryRunJson.ExitCode);
        using (var result = JsonDocument.Parse(dryRunJson.Output)) // nothing else on standard output: progress went to standard error
        {
            var root = result.RootElement;
            Assert.Equal(
                ["route", "subscription", "start", "dryRun", "runId", "resumed", "documentsRead", "events", "skipped", "requestCharge", "elapsedSeconds", "eventTypes", "skippedChanges"],
                root.EnumerateObject().Select(property => property.Name));
            Assert.Equal((Backfills.Route, subscriptions.Log, true, JsonValueKind.Null), (root.GetProperty("route").GetString(), root.GetProperty("subscription").GetString(), root.GetProperty("dryRun").GetBoolean(), root.GetProperty("runId").ValueKind));
            Assert.Equal((302L, 300L, 2L), (root.GetProperty("documentsRead").GetInt64(), root.GetProperty("events").GetInt64(), root.GetProperty("skipped").GetInt64()));
            Assert.Equal(300, root.GetProperty("eventTypes").GetProperty("com.contoso.orders.order.upserted").GetInt64());
            Assert.Equal(["poison-1", "poison-2"], root.GetProperty("skippedChanges").EnumerateArray().Select(change => change.GetProperty("documentId").GetString()!).Order(StringComparer.Ordinal));
        }

        Assert.Contains("dry run: nothing is sent and no progress is kept", dryRunJson.Error, StringComparison.Ordinal);
        Assert.Equal(0, receivedAfterDryRun);
        Assert.Null(keptAfterDryRun);

        Assert.Equal(ExitCodes.StillParked, backfill.ExitCode);
        Assert.Equal((302L, 300L, 2L), Backfills.Done(backfill.Output));
        Assert.Contains("2 changes cannot be published and were not sent", backfill.Output, StringComparison.Ordinal);
        Assert.Contains("  poison-1  lsn ", backfill.Output, StringComparison.Ordinal);
        Assert.Contains("  poison-2  lsn ", backfill.Output, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', backfill.Output);
        Assert.Equal(300, received.DistinctIds.Count);
        Assert.Equal(0, received.Duplicates);

        Assert.Equal(ExitCodes.Usage, unknown.ExitCode);
        Assert.Contains("No route named 'invoices'", unknown.Error, StringComparison.Ordinal);
    }

    private static string Between(string text, string before, string after)
    {
        var end = text.IndexOf(after, StringComparison.Ordinal);
        var start = text.LastIndexOf(before, end, StringComparison.Ordinal) + before.Length;
        return text[start..end];
    }
}

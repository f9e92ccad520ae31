using System.Diagnostics;
using System.Text.Json;
using ChangeFeed.CommandLine;
using ChangeFeed.EndToEnd.Tests.Infrastructure;
using Microsoft.Azure.Cosmos;

namespace ChangeFeed.EndToEnd.Tests;

/// <summary>
/// Decision 0023: a throttled backfill of a container that keeps taking new documents (a steady write load of about 30
/// writes a second, from before the backfill starts until after it ends) finishes, having sent exactly the documents
/// at or below the bound it fixed at its start (each once), and none written after it: what existed at its start, not
/// what the load adds meanwhile (that is the live relay's).
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed class a_backfill_under_a_steady_write_load_ends_at_its_start_bound(Targets targets, ITestOutputHelper output)
{
    [Fact]
    public async Task it_sends_every_document_that_existed_at_its_start_once_and_ends_while_the_load_goes_on()
    {
        await using var scenario = await Scenario.StartAsync(targets, output, "bounded");
        var orders = await scenario.AddRouteAsync(Backfills.Route, "orders", "/pk", Backfills.RouteSettings);
        var subscriptions = targets.BackfillSubscriptionsFor(scenario.Topic);
        await using var received = new ReceivedEvents(targets.ServiceBusConnectionString, scenario.Topic, subscriptions.Log, scenario.Database);
        var leases = targets.Cosmos.Client.GetContainer(scenario.Database, "leases");
        const int existing = 1_000;
        await Documents.WriteAsync(orders, 20, existing / 20, (key, seq) => Backfills.Order(key, seq, "placed"));

        using var stopLoad = new CancellationTokenSource();
        var load = WriteSteadilyAsync(orders, stopLoad.Token);
        await Task.Delay(500);
        var clock = Stopwatch.StartNew();
        CommandRun run;
        int loadedWhileBackfilling;
        try
        {
            var loadedBefore = load.Written;
            // 50 documents a page, 5 pages a second: about 4 s for what exists; the load adds 30 a second meanwhile.
            run = await scenario.RunCommandAsync("backfill", Backfills.Route, "--subscription", subscriptions.Log, "--from-beginning", "--page-size", "50", "--pages-per-second", "5")
                .WaitAsync(TimeSpan.FromMinutes(3));
            loadedWhileBackfilling = load.Written - loadedBefore;
            Assert.False(load.Task.IsCompleted, $"the write load stopped before the backfill ended: {load.Task.Exception}");
        }
        finally
        {
            await stopLoad.CancelAsync();
            await load.Task;
        }

        clock.Stop();
        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var (read, sent, skipped) = Backfills.Done(run.Output);

        // The end it fixed at its start (one feed range here, so one bound: an LSN of the container's change feed).
        var kept = (await Backfills.KeptRunAsync(leases, subscriptions.Log))!.Value;
        using var position = JsonDocument.Parse(kept.GetProperty("continuation").GetString()!);
        var bounds = position.RootElement.GetProperty("ranges").EnumerateArray().Select(r => r.GetProperty("bound").GetInt64()).ToList();
        var bound = Assert.Single(bounds);
        var states = await Backfills.CurrentStatesAsync(orders);
        var atStart = states.Where(s => s.Value.Lsn <= bound).Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        var after = states.Count - atStart.Count;
        await Eventually.HoldsAsync(() => received.DistinctIds.Count >= atStart.Count, () => $"{received.DistinctIds.Count} of {atStart.Count} backfilled events", TimeSpan.FromSeconds(60));
        await Task.Delay(1_000);

        output.WriteLine(
            $"FIGURES existing {existing}, at or below the bound {atStart.Count}, written after it {after} (during the backfill {loadedWhileBackfilling}), "
            + $"read {read}, sent {sent}, received {received.DistinctIds.Count}, duplicates {received.Duplicates}, elapsed {clock.Elapsed.TotalSeconds:F1} s");

        // Every document there at its start, once; nothing written after its bound; ended while the load went on.
        Assert.True(atStart.Count >= existing, $"{atStart.Count} documents at or below the bound, {existing} written before the backfill");
        Assert.True(after > 0, "nothing was written after the bound: the load did not run during the backfill");
        Assert.Equal((long)atStart.Count, read);
        Assert.Equal(read, sent);
        Assert.Equal(0, skipped);
        Assert.Equal(atStart.Order(StringComparer.Ordinal), received.All.Select(e => e.Subject!).Order(StringComparer.Ordinal));
        Assert.Equal(0, received.Duplicates);
        Assert.All(received.All, e => Assert.True(e.Lsn <= bound, $"{e.Subject} sent at lsn {e.Lsn}, beyond the bound {bound}"));
    }

    /// <summary>New documents, one every ~33 ms, until stopped.</summary>
    private static SteadyLoad WriteSteadilyAsync(Container orders, CancellationToken stop)
    {
        var load = new SteadyLoad();
        load.Task = Task.Run(() => WriteUntilStoppedAsync(orders, load, stop), CancellationToken.None);
        return load;
    }

    private static async Task WriteUntilStoppedAsync(Container orders, SteadyLoad load, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var n = load.Written + 1;
            var document = Backfills.Order($"load-{n % 10}", n, "placed-during-backfill");
            await orders.UpsertItemAsync(document, new PartitionKey(document["pk"]!.ToString()), cancellationToken: CancellationToken.None);
            load.Written = n;
            try
            {
                await Task.Delay(33, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private sealed class SteadyLoad
    {
        private int written;

        public int Written
        {
            get => Volatile.Read(ref written);
            set => Volatile.Write(ref written, value);
        }

        public Task Task { get; set; } = Task.CompletedTask;
    }
}

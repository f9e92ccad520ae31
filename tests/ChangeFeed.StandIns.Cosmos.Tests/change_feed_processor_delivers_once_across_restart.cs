using System.Collections.Concurrent;
using Microsoft.Azure.Cosmos;

namespace ChangeFeed.StandIns.Cosmos.Tests;

public sealed class change_feed_processor_delivers_once_across_restart(StandInFixture fixture) : IClassFixture<StandInFixture>
{
    private static readonly DateTime Beginning = DateTime.MinValue.ToUniversalTime();

    [Fact]
    public async Task automatic_checkpoint_restart_delivers_only_new_documents()
    {
        var (items, leases) = await fixture.NewMonitoredAsync();
        var seen = new ConcurrentQueue<string>();
        var estimator = items.GetChangeFeedEstimator("relay", leases);
        ChangeFeedProcessor Processor() => items
            .GetChangeFeedProcessorBuilder<Doc>("relay", (_, changes, _) =>
            {
                foreach (var doc in changes)
                {
                    seen.Enqueue(doc.Id);
                }

                return Task.CompletedTask;
            })
            .WithStartTime(Beginning)
            .Fast(leases);

        await items.WriteAsync(Processors.Docs("a", 10));
        var first = Processor();
        await first.StartAsync();
        await Eventually.HoldsAsync(() => seen.Count >= 10, "first 10 delivered");
        await Eventually.HoldsAsync(async () => await estimator.LagAsync() == 0, "checkpoint written");
        await first.StopAsync();

        await items.WriteAsync(Processors.Docs("b", 10));
        var second = Processor();
        await second.StartAsync();
        await Eventually.HoldsAsync(() => seen.Count >= 20, "next 10 delivered");
        await Task.Delay(500); // room for a duplicate to show up
        await second.StopAsync();

        Assert.Equal(Processors.Docs("a", 10).Concat(Processors.Docs("b", 10)).Select(d => d.Id), seen);
    }

    [Fact]
    public async Task manual_checkpoint_redelivers_what_was_not_checkpointed_and_nothing_else()
    {
        var (items, leases) = await fixture.NewMonitoredAsync();
        var seen = new ConcurrentQueue<string>();
        var checkpoint = false;
        var processor = () => items
            .GetChangeFeedProcessorBuilderWithManualCheckpoint<Doc>("relay", async (_, changes, checkpointAsync, _) =>
            {
                foreach (var doc in changes)
                {
                    seen.Enqueue(doc.Id);
                }

                if (Volatile.Read(ref checkpoint))
                {
                    await checkpointAsync();
                }
            })
            .WithStartTime(Beginning)
            .Fast(leases);

        await items.WriteAsync(Processors.Docs("a", 5));
        var noCheckpoint = processor();
        await noCheckpoint.StartAsync();
        await Eventually.HoldsAsync(() => seen.Count >= 5, "5 delivered without checkpoint");
        await noCheckpoint.StopAsync();
        var firstRun = seen.ToArray();
        seen.Clear();

        Volatile.Write(ref checkpoint, true);
        var withCheckpoint = processor();
        await withCheckpoint.StartAsync();
        await Eventually.HoldsAsync(() => seen.Count >= 5, "the same 5 redelivered");
        await Task.Delay(300);
        await withCheckpoint.StopAsync();
        var secondRun = seen.ToArray();
        seen.Clear();

        await items.WriteAsync(Processors.Docs("b", 3));
        var third = processor();
        await third.StartAsync();
        await Eventually.HoldsAsync(() => seen.Count >= 3, "3 new delivered");
        await Task.Delay(500);
        await third.StopAsync();

        string[] a = ["a1", "a2", "a3", "a4", "a5"];
        Assert.Equal(a, firstRun.Take(5));
        Assert.Equal(a, secondRun);
        Assert.Equal(["b1", "b2", "b3"], seen);
    }

    [Fact]
    public async Task estimator_reports_the_lag_behind_the_checkpoint_and_zero_once_processed()
    {
        var (items, leases) = await fixture.NewMonitoredAsync();
        var estimator = items.GetChangeFeedEstimator("relay", leases);
        var seen = 0;
        var processor = () => items
            .GetChangeFeedProcessorBuilder<Doc>("relay", (_, changes, _) =>
            {
                Interlocked.Add(ref seen, changes.Count);
                return Task.CompletedTask;
            })
            .WithStartTime(Beginning)
            .Fast(leases);

        // A lease that was never checkpointed is estimated at 1 by the SDK itself: checkpoint once first.
        await items.WriteAsync(Processors.Docs("a", 3));
        var first = processor();
        await first.StartAsync();
        await Eventually.HoldsAsync(async () => Volatile.Read(ref seen) == 3 && await estimator.LagAsync() == 0, "3 processed and checkpointed");
        await first.StopAsync();

        await items.WriteAsync(Processors.Docs("b", 10));
        var lagBefore = await estimator.LagAsync();
        var second = processor();
        await second.StartAsync();
        await Eventually.HoldsAsync(() => Volatile.Read(ref seen) >= 13, "10 more delivered");
        await Eventually.HoldsAsync(async () => await estimator.LagAsync() == 0, "lag back to 0");
        await second.StopAsync();

        Assert.Equal(10, lagBefore);
        Assert.Equal(13, seen);
    }
}

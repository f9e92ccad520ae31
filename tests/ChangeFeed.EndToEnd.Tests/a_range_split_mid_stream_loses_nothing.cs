using System.Diagnostics;
using ChangeFeed.EndToEnd.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChangeFeed.EndToEnd.Tests;

/// <summary>
/// A feed range splits while the processors read it (the Cosmos DB stand-in's live split: the range answers 410 Gone
/// 1002 and the ranges endpoint lists its halves): the processors replace its lease by one per half, starting where the
/// parent's was, and nothing is lost or reordered. Against a real account no split can be caused on demand; the
/// scenarios then run without one and say so.
/// </summary>
[Collection(ScaleOutSuite.Name)]
public sealed class a_range_split_mid_stream_loses_nothing(Targets targets, ITestOutputHelper output)
{
    [Theory]
    [InlineData(false, 200, 25)] // 5,000 changes
    [InlineData(true, 200, 8)]   // 1,600 writes + 400 deletes
    public async Task two_instances_carry_on_across_a_split_with_nothing_lost_or_reordered(bool allVersions, int keys, int perKey)
    {
        await using var run = await ScaleOut.StartAsync(targets, output, allVersions ? "split-avad" : "split", allVersions, feedRanges: 8);
        var writes = run.Writes(keys, perKey, pacedSeconds: 12);

        await run.StartFirstHostAsync("host-a");
        await run.StartHostAsync("host-b");
        await run.EveryInstanceOwnsLeasesAsync(TimeSpan.FromSeconds(60));
        var writing = writes.RunAsync();
        await writes.ReachedAsync(0.4, TimeSpan.FromMinutes(3));
        IReadOnlyList<string> halves = [];
        if (targets.Cosmos.IsStandIn)
        {
            halves = await targets.Cosmos.SplitAsync(run.Items, "3");
            run.Log($"range 3 split into {string.Join(" and ", halves)}");
        }
        else
        {
            run.Log("NOT APPLICABLE against a real account: no split can be caused on demand; the stream runs without one");
        }

        await writing;
        run.Log($"{writes.Total} writes done");
        await run.DeliveredAsync(writes.Expected, TimeSpan.FromMinutes(5));

        var result = await run.FiguresAsync(writes.Expected);
        var tokens = await LeaseTokensAsync(run);
        output.WriteLine($"lease tokens at the end: {string.Join(", ", tokens)}");
        result.AssertEveryEventOnceInKeyOrder(writes.Total);
        if (halves.Count > 0)
        {
            Assert.DoesNotContain("3", tokens); // the parent's lease was replaced by its halves'
            Assert.All(halves, half => Assert.Contains(half, tokens));
        }
    }

    [Fact]
    public async Task a_split_while_a_page_is_relayed_and_a_stop_lose_nothing()
    {
        if (!targets.Cosmos.IsStandIn)
        {
            output.WriteLine("NOT APPLICABLE against a real account: no split can be caused on demand.");
            return;
        }

        // One lease, three pages of 50; the third page's relay hangs until the host stops (a broker outage, say). The
        // range splits meanwhile. Before decision 0012 the processor had read on, met the split and started the halves
        // after that page, which the stop then abandoned: 50 of 150 changes lost.
        await using var scenario = await Scenario.StartAsync(targets, output, "split-in-flight");
        var items = await scenario.AddRouteAsync("items", "items", "/pk", new Dictionary<string, string> { ["EventType"] = Documents.EntityType });
        await Documents.WriteAsync(items, keys: 3, perKey: 50);
        var expected = Documents.Ids(3, 50);
        var clock = Stopwatch.StartNew();
        var hang = new ThirdBatch();
        var first = scenario.BuildHost(new Dictionary<string, string?> { ["Host:MaxItemsPerBatch"] = "50" }, services =>
        {
            services.AddSingleton(hang);
            services.AddSingleton<Relay, HangingRelay>();
        });
        await first.StartAsync();
        await hang.Reached.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await targets.Cosmos.SplitAsync(items, "0");
        await Task.Delay(2000); // room for the processor to read on and meet the split, if it can while the page is out
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            await first.StopAsync(timeout.Token);

        var second = scenario.BuildHost(new Dictionary<string, string?> { ["Host:MaxItemsPerBatch"] = "50", ["Host:InstanceName"] = "e2e-host-2" });
        await second.StartAsync();
        await Eventually.HoldsAsync(() => scenario.Received.DistinctIds.Count >= expected.Count, () => $"{scenario.Received.DistinctIds.Count} of {expected.Count} events", TimeSpan.FromSeconds(60));
        await Task.Delay(1000);
        clock.Stop();

        var figures = Figures.From(expected, scenario.Received, (await scenario.ParkedAsync("items")).Count, clock, targets.ServiceBusStandIn?.Topic(scenario.Topic).DuplicatesDropped);
        scenario.Print(figures);
        Assert.Equal(0, figures.Lost);
        Assert.Equal(0, figures.Duplicates);
    }

    private static async Task<List<string>> LeaseTokensAsync(ScaleOut run)
    {
        var tokens = new List<string>();
        using var query = run.Leases.GetItemQueryIterator<Newtonsoft.Json.Linq.JObject>("SELECT * FROM c");
        while (query.HasMoreResults)
            tokens.AddRange((await query.ReadNextAsync()).Where(l => l["LeaseToken"] is not null).Select(l => (string)l["LeaseToken"]!));
        return [.. tokens.Order(StringComparer.Ordinal)];
    }
}

using System.Diagnostics;
using System.Text.Json;
using ChangeFeed.EndToEnd.Tests.Infrastructure;
using ChangeFeed.Host.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChangeFeed.EndToEnd.Tests;

[Collection(EndToEndSuite.Name)]
public sealed class ten_thousand_changes_arrive_once_in_order_per_key(Targets targets, ITestOutputHelper output)
{
    [Fact]
    public async Task ten_thousand_documents_over_a_hundred_keys_become_ten_thousand_events_in_key_order()
    {
        await using var scenario = await Scenario.StartAsync(targets, output, "volume");
        var items = await scenario.AddRouteAsync("items", "items", "/pk", new Dictionary<string, string> { ["EventType"] = Documents.EntityType });
        var host = scenario.BuildHost(new Dictionary<string, string?> { ["Host:MaxItemsPerBatch"] = "1000" });
        var clock = Stopwatch.StartNew();
        await host.StartAsync();

        var lag = host.Services.GetRequiredService<ChangeFeedLag>();
        long maxLag = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                maxLag = Math.Max(maxLag, lag.Current.GetValueOrDefault("items"));
                await Task.Delay(100);
            }
        });
        await Documents.WriteAsync(items, keys: 100, perKey: 100);
        var written = clock.Elapsed;
        var expected = Documents.Ids(100, 100);
        await Eventually.HoldsAsync(() => scenario.Received.DistinctIds.Count >= expected.Count, () => $"{scenario.Received.DistinctIds.Count} of {expected.Count} events", TimeSpan.FromSeconds(150));
        await Task.Delay(500); // anything still coming would be a duplicate
        clock.Stop();
        await Eventually.HoldsAsync(() => lag.Current.GetValueOrDefault("items", -1) == 0, () => $"estimated lag {lag.Current.GetValueOrDefault("items", -1)} after delivery", TimeSpan.FromSeconds(10));
        await sampling.CancelAsync();
        await sampler;

        var received = scenario.Received.All;
        var figures = Figures.From(expected, scenario.Received, parked: (await scenario.ParkedAsync("items")).Count, clock,
            targets.ServiceBusStandIn?.Topic(scenario.Topic).DuplicatesDropped);
        scenario.Print(figures);
        output.WriteLine($"writes took {written.TotalSeconds:F1} s; changefeed.lag (estimator, every 1 s): max {maxLag}, after delivery 0");

        // Per key (session), the sequence numbers Service Bus gave the events follow the order the documents were written.
        var outOfOrder = received.GroupBy(e => e.SessionId)
            .Where(session => !IsIncreasing(session.OrderBy(e => e.SequenceNumber).Select(e => Seq(e.Body)).ToList()))
            .Select(session => session.Key)
            .ToList();
        output.WriteLine($"sessions {received.Select(e => e.SessionId).Distinct().Count()}, out of order {outOfOrder.Count}");

        Assert.Equal(expected.Count, figures.Delivered);
        Assert.Equal(0, figures.Lost);
        Assert.Equal(0, figures.Duplicates);
        Assert.Equal(0, figures.Parked);
        Assert.Equal(100, received.Select(e => e.SessionId).Distinct().Count());
        Assert.Empty(outOfOrder);
        Assert.All(received, e => Assert.Equal($"{Documents.EntityType}.upserted", e.Type));
        Assert.True(maxLag > 0, "the lag estimator never saw a backlog while 10,000 changes were written");
    }

    private static int Seq(string body) => JsonDocument.Parse(body).RootElement.GetProperty("seq").GetInt32();

    private static bool IsIncreasing(List<int> values) => values.Zip(values.Skip(1)).All(pair => pair.First < pair.Second);
}

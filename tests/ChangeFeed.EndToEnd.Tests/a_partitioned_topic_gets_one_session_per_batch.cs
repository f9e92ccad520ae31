using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using ChangeFeed.EndToEnd.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;

namespace ChangeFeed.EndToEnd.Tests;

/// <summary>
/// A partitioned topic (Standard with partitioning, a Premium namespace with partitions) refuses a batch of several
/// sessions. A host not told so by SERVICEBUS_PARTITIONED_TOPICS has its batches refused and delivers nothing, but
/// checkpoints nothing either; the host told so, started next on the same leases, delivers every change once and in
/// each key's order. On the stand-in's partitioned topic, or the one in CHANGEFEED_E2E_PARTITIONED_TOPIC.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed class a_partitioned_topic_gets_one_session_per_batch(Targets targets, ITestOutputHelper output)
{
    private const int Keys = 40;
    private const int PerKey = 25;

    [Fact]
    public async Task a_host_not_told_is_refused_and_loses_nothing_and_the_host_told_delivers_every_change_in_key_order()
    {
        await using var scenario = await Scenario.StartAsync(targets, output, "partitioned", partitionedTopic: true);
        var items = await scenario.AddRouteAsync("items", "items", "/pk", new Dictionary<string, string> { ["EventType"] = Documents.EntityType });
        await Documents.WriteAsync(items, Keys, PerKey);
        var expected = Documents.Ids(Keys, PerKey);
        var clock = Stopwatch.StartNew();

        var unaware = scenario.BuildHost(new Dictionary<string, string?> { ["SERVICEBUS_PARTITIONED_TOPICS"] = null });
        using (var failures = new MetricCollector<long>(unaware.Services.GetRequiredService<IMeterFactory>(), "ChangeFeed", "changefeed.relays.failed"))
        {
            await unaware.StartAsync();
            await Eventually.HoldsAsync(() => failures.GetMeasurementSnapshot().Sum(m => m.Value) >= 2, () => "no relay failure yet", TimeSpan.FromSeconds(60));
            await unaware.StopAsync();
            output.WriteLine($"host not told: changefeed.relays.failed {failures.GetMeasurementSnapshot().Sum(m => m.Value)}, "
                + $"batches refused by the broker {targets.ServiceBusStandIn?.Topic(scenario.Topic).MixedBatchesRefused.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(not counted on a real namespace)"}");
        }

        Assert.Equal(0, scenario.Received.Count);
        var told = scenario.BuildHost(new Dictionary<string, string?> { ["SERVICEBUS_PARTITIONED_TOPICS"] = scenario.Topic });
        await told.StartAsync();
        await Eventually.HoldsAsync(() => scenario.Received.DistinctIds.Count >= expected.Count, () => $"{scenario.Received.DistinctIds.Count} of {expected.Count} events", TimeSpan.FromSeconds(120));
        await Task.Delay(500); // anything still coming would be a duplicate
        clock.Stop();

        var received = scenario.Received.All;
        var figures = Figures.From(expected, scenario.Received, (await scenario.ParkedAsync("items")).Count, clock, targets.ServiceBusStandIn?.Topic(scenario.Topic).DuplicatesDropped);
        scenario.Print(figures);
        var outOfOrder = received.GroupBy(e => e.SessionId).Count(session => !InOrder(session.OrderBy(e => e.SequenceNumber).Select(e => Seq(e.Body)).ToList()));
        output.WriteLine($"sessions {received.Select(e => e.SessionId).Distinct().Count()}, out of order {outOfOrder}");

        Assert.Equal(expected.Count, figures.Delivered);
        Assert.Equal(0, figures.Lost);
        Assert.Equal(0, figures.Duplicates);
        Assert.Equal(0, figures.Parked);
        Assert.Equal(0, outOfOrder);
        Assert.Equal(Keys, received.Select(e => e.SessionId).Distinct().Count());
    }

    private static int Seq(string body) => JsonDocument.Parse(body).RootElement.GetProperty("seq").GetInt32();

    private static bool InOrder(List<int> values) => values.Zip(values.Skip(1)).All(pair => pair.First < pair.Second);
}

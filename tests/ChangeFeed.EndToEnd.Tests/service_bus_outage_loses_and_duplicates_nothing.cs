using System.Diagnostics;
using ChangeFeed.EndToEnd.Tests.Infrastructure;
using Microsoft.Extensions.Hosting;

namespace ChangeFeed.EndToEnd.Tests;

[Collection(EndToEndSuite.Name)]
public sealed class service_bus_outage_loses_and_duplicates_nothing(Targets targets, ITestOutputHelper output)
{
    [Fact]
    public async Task service_bus_refusing_connections_for_five_seconds_mid_stream_costs_no_event_and_adds_no_duplicate()
    {
        await using var scenario = await Scenario.StartAsync(targets, output, "outage");
        var items = await scenario.AddRouteAsync("items", "items", "/pk", new Dictionary<string, string> { ["EventType"] = Documents.EntityType });
        var host = scenario.BuildHost(new Dictionary<string, string?> { ["Host:MaxItemsPerBatch"] = "100" });
        var clock = Stopwatch.StartNew();
        await host.StartAsync();

        var writing = Documents.WriteAsync(items, keys: 20, perKey: 100);
        await Eventually.HoldsAsync(() => scenario.Received.Count >= 200, () => $"{scenario.Received.Count} events before the outage", TimeSpan.FromSeconds(60));
        Task? outage = null;
        if (targets.ServiceBusStandIn is { } standIn)
        {
            outage = standIn.FailFor(TimeSpan.FromSeconds(5));
            output.WriteLine($"outage started after {scenario.Received.Count} events, at {clock.Elapsed.TotalSeconds:F1} s");
        }
        else
        {
            output.WriteLine("NOT APPLICABLE against a real namespace: no outage can be injected; checking the same stream without one.");
        }

        await writing;
        if (outage is not null)
            await outage;
        var expected = Documents.Ids(20, 100);
        // On the stand-in, the broker's own record (see BrokerRecord); on a real namespace, what the receiver got.
        IReadOnlyList<ReceivedEvent> Delivered() => targets.ServiceBusStandIn is { } broker ? BrokerRecord.Accepted(broker, scenario.Topic) : scenario.Received.All;
        await Eventually.HoldsAsync(
            () => Delivered().Select(e => e.MessageId).Distinct().Count() >= expected.Count,
            () => $"{Delivered().Count} of {expected.Count} events delivered, {scenario.Received.Count} received by the test's receiver; receive errors: {string.Join(" | ", scenario.Received.Errors.Take(5))}",
            TimeSpan.FromSeconds(90));
        await Task.Delay(1000);
        clock.Stop();

        var figures = Figures.From(expected, Delivered(), (await scenario.ParkedAsync("items")).Count, clock, targets.ServiceBusStandIn?.Topic(scenario.Topic).DuplicatesDropped);
        scenario.Print(figures);
        if (targets.ServiceBusStandIn is { } refused)
        {
            output.WriteLine($"connections refused during the outage: {refused.ConnectionsRefused}");
            Assert.True(refused.ConnectionsRefused > 0, "the outage refused no connection: it did not happen while the host was sending");
        }

        Assert.Equal(0, figures.Lost);
        Assert.Equal(0, figures.Duplicates);
        Assert.Equal(expected.Count, figures.Delivered);
        Assert.Equal(0, figures.Parked);
    }
}

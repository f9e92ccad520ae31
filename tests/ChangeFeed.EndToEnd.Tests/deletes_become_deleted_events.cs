using System.Diagnostics;
using ChangeFeed.EndToEnd.Tests.Infrastructure;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Hosting;
using Newtonsoft.Json.Linq;

namespace ChangeFeed.EndToEnd.Tests;

[Collection(EndToEndSuite.Name)]
public sealed class deletes_become_deleted_events(Targets targets, ITestOutputHelper output)
{
    private const string Upserted = Documents.EntityType + ".upserted";
    private const string Deleted = Documents.EntityType + ".deleted";

    [Fact]
    public async Task a_soft_delete_becomes_a_deleted_event_in_latest_version_mode()
    {
        await using var scenario = await Scenario.StartAsync(targets, output, "softdelete");
        var items = await scenario.AddRouteAsync("items", "items", "/pk", new Dictionary<string, string>
        {
            ["EventType"] = Documents.EntityType,
            ["SoftDeleteProperty"] = "isDeleted",
        });
        var host = scenario.BuildHost();
        var clock = Stopwatch.StartNew();
        await host.StartAsync();

        await items.UpsertItemAsync(Documents.Item("k000", 1), new PartitionKey("k000"));
        await Eventually.HoldsAsync(() => scenario.Received.All.Any(e => e.Type == Upserted), () => "the upserted event", TimeSpan.FromSeconds(30));
        await items.UpsertItemAsync(Documents.Item("k000", 1, d => { d["isDeleted"] = true; d["ttl"] = 60; }), new PartitionKey("k000"));
        await Eventually.HoldsAsync(() => scenario.Received.All.Any(e => e.Type == Deleted), () => "the deleted event", TimeSpan.FromSeconds(30));
        clock.Stop();

        scenario.Print(Figures.From(["k000-1"], scenario.Received, (await scenario.ParkedAsync("items")).Count, clock, targets.ServiceBusStandIn?.Topic(scenario.Topic).DuplicatesDropped));
        Assert.Equal([Upserted, Deleted], scenario.Received.All.OrderBy(e => e.SequenceNumber).Select(e => e.Type));
        Assert.All(scenario.Received.All, e => Assert.Equal("k000-1", e.Subject));
        Assert.Equal(0, scenario.Received.Duplicates);
    }

    [Fact]
    public async Task a_hard_delete_becomes_a_deleted_event_in_all_versions_and_deletes_mode()
    {
        await using var scenario = await Scenario.StartAsync(targets, output, "harddelete");
        var items = await scenario.AddRouteAsync("items", "items", "/pk", new Dictionary<string, string> { ["EventType"] = Documents.EntityType });
        var host = scenario.BuildHost(new Dictionary<string, string?> { ["Host:Mode"] = "AllVersionsAndDeletes", ["Host:StartFrom"] = "Now" });
        var clock = Stopwatch.StartNew();
        await host.StartAsync();

        await Relaying.StartedAsync(scenario, n => items.UpsertItemAsync(new JObject { ["id"] = $"warm-up-{n}", ["pk"] = "w" }, new PartitionKey("w")));

        await items.CreateItemAsync(Documents.Item("k000", 1), new PartitionKey("k000"));
        await items.ReplaceItemAsync(Documents.Item("k000", 1, d => d["seq"] = 2), "k000-1", new PartitionKey("k000"));
        await items.DeleteItemAsync<JObject>("k000-1", new PartitionKey("k000"));
        await Eventually.HoldsAsync(
            () => scenario.Received.All.Any(e => e.Subject == "k000-1" && e.Type == Deleted), () => "the deleted event of k000-1", TimeSpan.FromSeconds(30));
        await Task.Delay(500);
        clock.Stop();

        var ofItem = scenario.Received.All.Where(e => e.Subject == "k000-1").OrderBy(e => e.SequenceNumber).ToList();
        scenario.Print(Figures.From(["k000-1"], scenario.Received, (await scenario.ParkedAsync("items")).Count, clock, targets.ServiceBusStandIn?.Topic(scenario.Topic).DuplicatesDropped));
        output.WriteLine($"events of k000-1: {string.Join(", ", ofItem.Select(e => e.Type))}; deleted data: {ofItem[^1].Body}");

        // Every version is an event of its own (create and replace), and the delete is the last.
        Assert.Equal([Upserted, Upserted, Deleted], ofItem.Select(e => e.Type));
        Assert.Equal(3, ofItem.Select(e => e.MessageId).Distinct().Count());
        Assert.DoesNotContain("_changeFeedOperation", ofItem[^1].Body, StringComparison.Ordinal);
        Assert.Equal(0, scenario.Received.Duplicates);
    }
}

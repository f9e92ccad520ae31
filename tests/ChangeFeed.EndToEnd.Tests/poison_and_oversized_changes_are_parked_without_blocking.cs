using System.Diagnostics;
using System.Text.Json;
using ChangeFeed.EndToEnd.Tests.Infrastructure;
using ChangeFeed.CommandLine;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Newtonsoft.Json.Linq;

namespace ChangeFeed.EndToEnd.Tests;

[Collection(EndToEndSuite.Name)]
public sealed class poison_and_oversized_changes_are_parked_without_blocking(Targets targets, ITestOutputHelper output)
{
    [Fact]
    public async Task one_percent_poison_documents_are_parked_with_their_reason_and_the_rest_is_delivered()
    {
        await using var scenario = await Scenario.StartAsync(targets, output, "poison");
        var items = await scenario.AddRouteAsync("items", "items", "/pk", new Dictionary<string, string> { ["TypeProperty"] = "type" });
        var host = scenario.BuildHost();
        var clock = Stopwatch.StartNew();
        await host.StartAsync();

        // Every 100th document has no 'type': the route takes the event type from it, so it cannot be routed.
        await Documents.WriteAsync(items, keys: 10, perKey: 100, (key, seq) => Documents.Item(key, seq, d =>
        {
            if (seq % 100 == 50)
                d.Remove("type");
        }));
        var all = Documents.Ids(10, 100);
        var poison = all.Where(id => id.EndsWith("-50", StringComparison.Ordinal)).ToHashSet();
        var good = all.Where(id => !poison.Contains(id)).ToList();
        IReadOnlyList<System.Text.Json.JsonElement> parked = [];
        await Eventually.HoldsAsync(
            async () => scenario.Received.DistinctIds.Count >= good.Count && (parked = await scenario.ParkedAsync("items")).Count >= poison.Count,
            () => $"{scenario.Received.DistinctIds.Count} of {good.Count} events, {parked.Count} of {poison.Count} parked",
            TimeSpan.FromSeconds(90));
        clock.Stop();

        var figures = Figures.From(good, scenario.Received, parked.Count, clock, targets.ServiceBusStandIn?.Topic(scenario.Topic).DuplicatesDropped);
        scenario.Print(figures);
        output.WriteLine($"a parked reason: {parked[0].GetProperty("reason").GetString()}");

        Assert.Equal(0, figures.Lost);
        Assert.Equal(good.Count, figures.Delivered);
        Assert.Equal(0, figures.Duplicates);
        Assert.Equal(poison.Order(), parked.Select(p => p.GetProperty("documentId").GetString()!).Order());
        Assert.All(parked, p => Assert.Contains("type property 'type'", p.GetProperty("reason").GetString(), StringComparison.Ordinal));
        Assert.All(parked, p => Assert.Equal("items", p.GetProperty("route").GetString()));
        Assert.DoesNotContain(scenario.Received.All, e => poison.Contains(e.Subject!));

        // An operator lists what is parked and why (the host's `parked` command), fixes all but one of the documents
        // where they are kept and replays: the fixed ones publish and leave the lot, the other stays (exit code 3);
        // fixed too, the second replay empties the lot.
        var listing = await scenario.RunCommandAsync("parked", "list", "items");
        Assert.Equal(0, listing.ExitCode);
        Assert.Contains($"Route 'items': {poison.Count} parked changes", listing.Output, StringComparison.Ordinal);
        Assert.All(poison, id => Assert.Contains($"{id}  lsn ", listing.Output, StringComparison.Ordinal));
        Assert.Contains("type property 'type'", listing.Output, StringComparison.Ordinal);

        // The same for a script: one document of the documented shape (docs/processor-host.md, --output json).
        var json = await scenario.RunCommandAsync("parked", "list", "items", "--output", "json");
        Assert.Equal(0, json.ExitCode);
        using (var listed = JsonDocument.Parse(json.Output))
        {
            Assert.Equal(["route", "count", "changes"], listed.RootElement.EnumerateObject().Select(property => property.Name));
            Assert.Equal("items", listed.RootElement.GetProperty("route").GetString());
            Assert.Equal(poison.Count, listed.RootElement.GetProperty("count").GetInt32());
            var changes = listed.RootElement.GetProperty("changes").EnumerateArray().ToList();
            Assert.Equal(poison.Order(), changes.Select(change => change.GetProperty("documentId").GetString()!).Order());
            Assert.All(changes, change =>
            {
                Assert.Equal(["record", "documentId", "lsn", "eventId", "parkedAt", "documentKept", "reason"], change.EnumerateObject().Select(property => property.Name));
                Assert.True(change.GetProperty("documentKept").GetBoolean());
                Assert.Equal(JsonValueKind.Number, change.GetProperty("lsn").ValueKind);
                Assert.Contains("type property 'type'", change.GetProperty("reason").GetString(), StringComparison.Ordinal);
            });
        }

        var leftForLater = parked.Select(p => p.GetProperty("documentId").GetString()!).Order(StringComparer.Ordinal).First();
        foreach (var record in parked.Where(p => p.GetProperty("documentId").GetString() != leftForLater))
            await FixAsync(scenario, record);

        var firstReplay = await scenario.RunCommandAsync("parked", "replay", "items");
        Assert.Equal(ExitCodes.StillParked, firstReplay.ExitCode);
        Assert.Contains($"{poison.Count} parked changes, {poison.Count - 1} published (records deleted), 1 still parked", firstReplay.Output, StringComparison.Ordinal);
        Assert.Equal(leftForLater, Assert.Single(await scenario.ParkedAsync("items")).GetProperty("documentId").GetString());

        await FixAsync(scenario, (await scenario.ParkedAsync("items"))[0]);
        var secondReplay = await scenario.RunCommandAsync("parked", "replay", "items");
        Assert.Equal(0, secondReplay.ExitCode);
        Assert.Contains("1 parked change, 1 published (records deleted), 0 still parked", secondReplay.Output, StringComparison.Ordinal);

        await Eventually.HoldsAsync(
            () => scenario.Received.DistinctIds.Count >= all.Count,
            () => $"{scenario.Received.DistinctIds.Count} of {all.Count} events after the replay",
            TimeSpan.FromSeconds(30));
        Assert.Empty(await scenario.ParkedAsync("items"));
        Assert.Equal(poison.Order(), scenario.Received.All.Where(e => poison.Contains(e.Subject!)).Select(e => e.Subject!).Order());
        Assert.Equal(0, Figures.From(all, scenario.Received, 0, clock, null).Duplicates);
    }

    [Fact]
    public async Task the_parked_command_names_an_unknown_route_and_a_missing_setting_and_changes_nothing()
    {
        await using var scenario = await Scenario.StartAsync(targets, output, "parked-command");
        await scenario.AddRouteAsync("items", "items", "/pk", new Dictionary<string, string> { ["EventType"] = Documents.EntityType });

        var unknown = await scenario.RunCommandAsync("parked", "replay", "itmes");
        Assert.Equal(ExitCodes.Usage, unknown.ExitCode);
        Assert.Contains("No route named 'itmes'", unknown.Error, StringComparison.Ordinal);
        Assert.Contains("(configured: items)", unknown.Error, StringComparison.Ordinal);
        Assert.Empty(unknown.Output);

        scenario.Settings["COSMOS_DATABASE"] = null;
        var missing = await scenario.RunCommandAsync("parked", "list", "items");
        Assert.Equal(ExitCodes.Configuration, missing.ExitCode);
        Assert.Contains("FAIL COSMOS_DATABASE is required", missing.Error, StringComparison.Ordinal);
        Assert.Empty(missing.Output);

        var usage = await scenario.RunCommandAsync("parked", "replay");
        Assert.Equal(ExitCodes.Usage, usage.ExitCode);
        Assert.Contains("Required argument missing", usage.Error, StringComparison.Ordinal);

        // The same settings from a Functions local.settings.json (Values, keys with __) instead of the environment.
        scenario.Settings.Remove("COSMOS_DATABASE");
        var fromFile = await scenario.RunCommandWithSettingsFileAsync("parked", "list", "items");
        Assert.Equal(0, fromFile.ExitCode);
        Assert.Equal("Route 'items': 0 parked changes, by change feed position.", fromFile.Output.Trim());

        var missingFile = await scenario.RunCommandAsync("parked", "list", "items", "--settings", "no-such.local.settings.json");
        Assert.Equal(ExitCodes.Configuration, missingFile.ExitCode);
        Assert.Contains("--settings 'no-such.local.settings.json' does not exist", missingFile.Error, StringComparison.Ordinal);
    }

    private static async Task FixAsync(Scenario scenario, System.Text.Json.JsonElement record)
    {
        var fixedRecord = JObject.Parse(record.GetRawText());
        fixedRecord["document"]!["type"] = "item";
        await scenario.Parked.UpsertItemAsync(fixedRecord, new PartitionKey(record.GetProperty("sourceContainer").GetString()));
    }

    [Fact]
    public async Task on_a_route_that_parks_large_events_an_oversized_document_is_parked_not_sent_and_does_not_block_the_documents_after_it()
    {
        // Large events travel by claim check unless the route says park (large_documents_travel_by_claim_check.cs).
        await using var scenario = await Scenario.StartAsync(targets, output, "oversized");
        var items = await scenario.AddRouteAsync("items", "items", "/pk", new Dictionary<string, string> { ["EventType"] = Documents.EntityType, ["LargeEvents"] = "park" });
        var host = scenario.BuildHost();
        var clock = Stopwatch.StartNew();
        await host.StartAsync();

        await items.UpsertItemAsync(Documents.Item("k000", 1), new PartitionKey("k000"));
        var huge = Documents.Item("k000", 2, d => d["blob"] = new string('x', 300 * 1024)); // > 256 KB, the Standard tier's limit
        await items.UpsertItemAsync(huge, new PartitionKey("k000"));
        for (var seq = 3; seq <= 10; seq++)
            await items.UpsertItemAsync(Documents.Item("k000", seq), new PartitionKey("k000"));
        var good = Enumerable.Range(1, 10).Where(seq => seq != 2).Select(seq => $"k000-{seq}").ToList();

        IReadOnlyList<System.Text.Json.JsonElement> parked = [];
        await Eventually.HoldsAsync(
            async () => scenario.Received.DistinctIds.Count >= good.Count && (parked = await scenario.ParkedAsync("items")).Count >= 1,
            () => $"{scenario.Received.DistinctIds.Count} of {good.Count} events, {parked.Count} of 1 parked",
            TimeSpan.FromSeconds(60));
        clock.Stop();

        var figures = Figures.From(good, scenario.Received, parked.Count, clock, targets.ServiceBusStandIn?.Topic(scenario.Topic).DuplicatesDropped);
        scenario.Print(figures);
        var reason = parked[0].GetProperty("reason").GetString()!;
        output.WriteLine($"parked reason: {reason}");

        Assert.Equal(0, figures.Lost);
        Assert.Equal(good.Count, figures.Delivered);
        Assert.Equal("k000-2", Assert.Single(parked).GetProperty("documentId").GetString());
        Assert.Contains("too large", reason, StringComparison.Ordinal);
        Assert.Contains("its route's LargeEvents is park", reason, StringComparison.Ordinal);
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, parked[0].GetProperty("eventId").ValueKind);
        Assert.DoesNotContain(scenario.Received.All, e => e.Subject == "k000-2");
        if (targets.ServiceBusStandIn is { } standIn)
            Assert.DoesNotContain(standIn.Topic(scenario.Topic).AcceptedMessages, m => m.Body.Length > 256 * 1024);
    }
}

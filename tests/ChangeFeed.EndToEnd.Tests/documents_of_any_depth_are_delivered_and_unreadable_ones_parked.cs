using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using ChangeFeed.EndToEnd.Tests.Infrastructure;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace ChangeFeed.EndToEnd.Tests;

/// <summary>
/// Documents Cosmos DB accepts reach subscribers whatever their depth, and a change the relay cannot read never stops
/// its lease. Before, one document nested 100 levels in a page of 101 delivered nothing: System.Text.Json's default
/// depth of 64 failed the whole page before the relay saw it, forever.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed class documents_of_any_depth_are_delivered_and_unreadable_ones_parked(Targets targets, ITestOutputHelper output)
{
    [Fact]
    public async Task fifty_documents_one_nested_100_levels_and_fifty_more_in_one_page_are_all_delivered_and_the_lease_advances()
    {
        await using var scenario = await Scenario.StartAsync(targets, output, "depth");
        var items = await scenario.AddRouteAsync("items", "items", "/pk", new Dictionary<string, string> { ["EventType"] = Documents.EntityType });
        var payload = Nested(100);
        for (var seq = 1; seq <= 101; seq++)
            await WriteAsync(items, Documents.Item("k000", seq).ToString(Newtonsoft.Json.Formatting.None).TrimEnd('}') + (seq == 51 ? $",\"payload\":{payload}}}" : "}"));
        var expected = Enumerable.Range(1, 101).Select(seq => $"k000-{seq}").ToList();
        var lastLsn = await LsnAsync(items, "k000-101");

        // Written before the host starts, so that its first page holds all 101.
        var host = scenario.BuildHost(new Dictionary<string, string?> { ["Host:MaxItemsPerBatch"] = "500" });
        var clock = Stopwatch.StartNew();
        await host.StartAsync();
        await Eventually.HoldsAsync(
            () => scenario.Received.DistinctIds.Count >= expected.Count,
            () => $"{scenario.Received.DistinctIds.Count} of {expected.Count} events",
            TimeSpan.FromSeconds(60));
        clock.Stop();
        // The stand-in's continuation is the lsn of the last change returned; a real account's is opaque, but set.
        string? continuation = null;
        await Eventually.HoldsAsync(
            async () => (continuation = await LeaseContinuationAsync(scenario)) is { } token && (!targets.Cosmos.IsStandIn || token == $"\"{lastLsn}\""),
            () => $"the lease's continuation is {continuation ?? "(none)"}, not past the last document (lsn {lastLsn})",
            TimeSpan.FromSeconds(30));

        var figures = Figures.From(expected, scenario.Received, (await scenario.ParkedAsync("items")).Count, clock, targets.ServiceBusStandIn?.Topic(scenario.Topic).DuplicatesDropped);
        scenario.Print(figures);
        var deep = scenario.Received.All.Single(e => e.Subject == "k000-51");
        using var data = JsonDocument.Parse(deep.Body, DocumentLimits.DocumentOptions);
        output.WriteLine($"lease continuation {continuation} = lsn of k000-101; k000-51 delivered with its payload nested 100 levels ({Encoding.UTF8.GetByteCount(deep.Body)} bytes)");

        Assert.Equal(101, figures.Delivered);
        Assert.Equal(0, figures.Lost);
        Assert.Equal(0, figures.Duplicates);
        Assert.Equal(0, figures.Parked);
        Assert.Equal(payload, data.RootElement.GetProperty("payload").GetRawText());
        Assert.Equal(expected, scenario.Received.All.OrderBy(e => e.SequenceNumber).Select(e => e.Subject));
    }

    [Fact]
    public async Task in_all_versions_and_deletes_mode_a_document_nested_128_levels_and_its_delete_are_delivered()
    {
        await using var scenario = await Scenario.StartAsync(targets, output, "depth-versions");
        var items = await scenario.AddRouteAsync("items", "items", "/pk", new Dictionary<string, string> { ["EventType"] = Documents.EntityType });
        var host = scenario.BuildHost(new Dictionary<string, string?> { ["Host:Mode"] = "AllVersionsAndDeletes", ["Host:StartFrom"] = "Now" });
        var clock = Stopwatch.StartNew();
        await host.StartAsync();

        await Relaying.StartedAsync(scenario, n => WriteAsync(items, $$"""{"id":"warm-up-{{n}}","pk":"k000"}"""));
        var payload = Nested(DocumentLimits.MaxNestingLevels);
        await WriteAsync(items, $$"""{"id":"k000-1","pk":"k000","payload":{{payload}}}""");
        using (var deleted = await items.DeleteItemStreamAsync("k000-1", new PartitionKey("k000")))
            deleted.EnsureSuccessStatusCode();
        await Eventually.HoldsAsync(
            () => scenario.Received.All.Count(e => e.Subject == "k000-1") >= 2, () => "the upserted and deleted events of k000-1", TimeSpan.FromSeconds(30));
        clock.Stop();

        var ofItem = scenario.Received.All.Where(e => e.Subject == "k000-1").OrderBy(e => e.SequenceNumber).ToList();
        scenario.Print(Figures.From(["k000-1"], scenario.Received, (await scenario.ParkedAsync("items")).Count, clock, targets.ServiceBusStandIn?.Topic(scenario.Topic).DuplicatesDropped));
        using var created = JsonDocument.Parse(ofItem[0].Body, DocumentLimits.DocumentOptions);

        Assert.Equal([$"{Documents.EntityType}.upserted", $"{Documents.EntityType}.deleted"], ofItem.Select(e => e.Type));
        Assert.Equal(payload, created.RootElement.GetProperty("payload").GetRawText());
        Assert.Empty(await scenario.ParkedAsync("items"));
    }

    [Fact]
    public async Task a_document_the_relay_can_never_read_is_parked_with_its_reason_the_others_are_delivered_and_the_failure_counted()
    {
        if (!targets.Cosmos.IsStandIn)
        {
            // Cosmos DB validates what it stores: only the stand-in's fault injection can deliver a change that is not JSON.
            output.WriteLine("NOT APPLICABLE against a real account: the service never delivers malformed JSON and no fault can be injected.");
            return;
        }

        await using var scenario = await Scenario.StartAsync(targets, output, "unreadable");
        var items = await scenario.AddRouteAsync("items", "items", "/pk", new Dictionary<string, string> { ["EventType"] = Documents.EntityType });
        for (var seq = 1; seq <= 10; seq++)
            await WriteAsync(items, Documents.Item("k000", seq).ToString(Newtonsoft.Json.Formatting.None));
        var lsn = await LsnAsync(items, "k000-5");
        var malformed = $$"""{"id":"k000-5","pk":"k000","seq":5,"total":NaN,"_lsn":{{lsn}}}""";
        await targets.Cosmos.InjectMalformedChangeAsync(scenario.Database, "items", "k000-5", malformed);
        try
        {
            var host = scenario.BuildHost();
            using var failed = new MetricCollector<long>(host.Services.GetRequiredService<IMeterFactory>(), "ChangeFeed", "changefeed.relays.failed");
            var clock = Stopwatch.StartNew();
            await host.StartAsync();
            var good = Enumerable.Range(1, 10).Where(seq => seq != 5).Select(seq => $"k000-{seq}").ToList();
            IReadOnlyList<JsonElement> parked = [];
            await Eventually.HoldsAsync(
                async () => scenario.Received.DistinctIds.Count >= good.Count && (parked = await scenario.ParkedAsync("items")).Count >= 1,
                () => $"{scenario.Received.DistinctIds.Count} of {good.Count} events, {parked.Count} of 1 parked",
                TimeSpan.FromSeconds(60));
            clock.Stop();

            var figures = Figures.From(good, scenario.Received, parked.Count, clock, targets.ServiceBusStandIn?.Topic(scenario.Topic).DuplicatesDropped);
            scenario.Print(figures);
            var record = Assert.Single(parked);
            var reason = record.GetProperty("reason").GetString()!;
            var failures = failed.GetMeasurementSnapshot();
            output.WriteLine($"parked reason: {reason}");
            output.WriteLine($"changefeed.relays.failed: {failures.Sum(m => m.Value)} ({string.Join(", ", failures.Select(m => $"{m.Tags["changefeed.route"]}/{m.Tags["error.type"]}"))})");

            Assert.Equal(good.Count, figures.Delivered);
            Assert.Equal(0, figures.Lost);
            Assert.Equal(0, figures.Duplicates);
            Assert.Equal(good, scenario.Received.All.OrderBy(e => e.SequenceNumber).Select(e => e.Subject));
            Assert.Equal("k000-5", record.GetProperty("documentId").GetString());
            Assert.Equal(lsn, record.GetProperty("lsn").GetInt64());
            Assert.Contains("cannot be read", reason, StringComparison.Ordinal);
            Assert.Equal(malformed, record.GetProperty("document").GetProperty("_changeFeedUnreadable").GetProperty("text").GetString());
            Assert.NotEmpty(failures);
            Assert.All(failures, m => Assert.Equal(("items", "unreadable_change"), (m.Tags["changefeed.route"], m.Tags["error.type"])));
        }
        finally
        {
            await targets.Cosmos.ClearFaultsAsync();
        }
    }

    /// <summary>Objects nested <paramref name="levels"/> deep: <c>{"level":{"level":...{"level":0}...}}</c>.</summary>
    private static string Nested(int levels) =>
        new StringBuilder().Insert(0, "{\"level\":", levels - 1).Append("{\"level\":0}").Append('}', levels - 1).ToString();

    /// <summary>Writes through the stream API: the SDK's own serializer reads no deeper than 64 levels.</summary>
    private static async Task WriteAsync(Container container, string json)
    {
        using var response = await container.UpsertItemStreamAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), new PartitionKey("k000"));
        response.EnsureSuccessStatusCode();
    }

    private static async Task<long> LsnAsync(Container container, string id)
    {
        using var response = await container.ReadItemStreamAsync(id, new PartitionKey("k000"));
        response.EnsureSuccessStatusCode();
        using var json = await JsonDocument.ParseAsync(response.Content, DocumentLimits.DocumentOptions);
        return json.RootElement.GetProperty("_lsn").GetInt64();
    }

    /// <summary>The continuation the route's lease was last checkpointed at (the stand-in has one lease per route).</summary>
    private async Task<string?> LeaseContinuationAsync(Scenario scenario)
    {
        using var iterator = targets.Cosmos.Client.GetContainer(scenario.Database, "leases").GetItemQueryStreamIterator("SELECT * FROM c");
        var continuations = new List<string>();
        while (iterator.HasMoreResults)
        {
            using var page = await iterator.ReadNextAsync();
            page.EnsureSuccessStatusCode();
            using var json = await JsonDocument.ParseAsync(page.Content);
            continuations.AddRange(json.RootElement.GetProperty("Documents").EnumerateArray()
                .Where(lease => lease.TryGetProperty("ContinuationToken", out var token) && token.ValueKind == JsonValueKind.String)
                .Select(lease => lease.GetProperty("ContinuationToken").GetString()!));
        }

        return continuations.SingleOrDefault();
    }
}

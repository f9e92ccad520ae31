using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChangeFeed.EndToEnd.Tests.Infrastructure;
using ChangeFeed.Cosmos.Outbox;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Hosting;

namespace ChangeFeed.EndToEnd.Tests;

[Collection(EndToEndSuite.Name)]
public sealed class outbox_and_event_store_publish_the_intended_events(Targets targets, ITestOutputHelper output)
{
    [Fact]
    public async Task outbox_records_and_appended_events_become_exactly_the_events_meant_and_entities_are_ignored()
    {
        await using var scenario = await Scenario.StartAsync(targets, output, "outbox");
        var outbox = await scenario.AddRouteAsync("outbox", "outbox", "/partitionKey", new Dictionary<string, string> { ["Mode"] = "outbox" });
        var events = await scenario.AddRouteAsync("eventstore", "events", "/streamId", new Dictionary<string, string>
        {
            ["Mode"] = "eventstore",
            ["TypeProperty"] = "type",
            ["TypePrefix"] = "com.contoso.orders.",
        });
        var host = scenario.BuildHost();
        var clock = Stopwatch.StartNew();
        await host.StartAsync();

        // Each order and its two outbox records in one transactional batch, by the real OutboxWriter.
        var writer = new OutboxWriter(outbox, new OutboxWriterOptions { PartitionKeyPath = "/partitionKey" });
        var records = new List<(string Id, string Type, string AggregateId)>();
        string[] types = ["com.contoso.orders.OrderPlaced", "com.contoso.orders.OrderShipped"];
        for (var order = 1; order <= 5; order++)
        {
            var (customer, orderId) = ($"c{order % 2}", $"order-{order}");
            var saved = await writer.SaveAsync(
                customer,
                [EntityOperation.Upsert(new JsonObject { ["id"] = orderId, ["partitionKey"] = customer, ["status"] = "shipped" })],
                [.. types.Select(type => new OutboxEvent(type, "order", orderId, new { orderId, customerId = customer }))],
                CancellationToken.None);
            records.AddRange(saved.EventIds.Select((id, i) => (id, types[i], orderId)));
        }

        string[] streamTypes = ["OrderPlaced", "OrderPaid", "OrderShipped"];
        for (var position = 0; position < streamTypes.Length; position++)
            await Write(events, "order-9", new JsonObject { ["id"] = $"order-9-{position + 1}", ["streamId"] = "order-9", ["type"] = streamTypes[position], ["position"] = position + 1 });

        var expected = records.Count + streamTypes.Length;
        await Eventually.HoldsAsync(() => scenario.Received.DistinctIds.Count >= expected, () => $"{scenario.Received.DistinctIds.Count} of {expected} events", TimeSpan.FromSeconds(30));
        await Task.Delay(500);
        clock.Stop();

        var received = scenario.Received.All.OrderBy(e => e.SequenceNumber).ToList();
        scenario.Print(Figures.From([.. records.Select(r => r.AggregateId).Distinct(), "order-9"], scenario.Received, (await scenario.ParkedAsync("outbox")).Count + (await scenario.ParkedAsync("events")).Count, clock,
            targets.ServiceBusStandIn?.Topic(scenario.Topic).DuplicatesDropped));

        // Outbox: one event per record, its id the record's id, its type the record's type, its session the aggregate.
        var fromOutbox = received.Where(e => records.Any(r => r.Id == e.MessageId)).ToList();
        Assert.Equal(records.Select(r => r.Id).Order(), fromOutbox.Select(e => e.MessageId).Order());
        Assert.All(fromOutbox, e => Assert.Equal(records.Single(r => r.Id == e.MessageId).Type, e.Type));
        Assert.All(fromOutbox, e => Assert.Equal(e.Subject, e.SessionId));
        foreach (var order in fromOutbox.GroupBy(e => e.SessionId))
            Assert.Equal(["com.contoso.orders.OrderPlaced", "com.contoso.orders.OrderShipped"], order.Select(e => e.Type));

        // Event store: every appended event, in stream order, typed by its document.
        var fromStream = received.Where(e => e.SessionId == "order-9").ToList();
        Assert.Equal(streamTypes.Select(t => "com.contoso.orders." + t), fromStream.Select(e => e.Type));
        Assert.Equal(expected, received.Count);
        Assert.Equal(0, scenario.Received.Duplicates);
    }

    private static async Task Write(Container container, string partitionKey, JsonObject document)
    {
        using var body = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(document));
        using var response = await container.CreateItemStreamAsync(body, new PartitionKey(partitionKey));
        response.EnsureSuccessStatusCode();
    }
}

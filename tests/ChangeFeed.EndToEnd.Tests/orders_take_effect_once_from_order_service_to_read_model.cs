using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using ChangeFeed.Cosmos.Outbox;
using ChangeFeed.EndToEnd.Tests.Infrastructure;
using ChangeFeed.Orders;
using ChangeFeed.StandIns.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChangeFeed.EndToEnd.Tests;

/// <summary>
/// The founding promise on the wire, with a fault at every layer: <see cref="OrderService"/> saves each order change
/// and its event in one transactional batch (a share refused by a concurrent change), the processor host relays the
/// outbox records (killed once between publishing and checkpointing), Service Bus delivers them per order session,
/// and the sample subscriber applies them to its read model through its <c>CosmosInbox</c> (stopped once after an
/// inbox commit, before completing the message). Every committed change must take effect exactly once; no refused
/// one may leave a trace.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed class orders_take_effect_once_from_order_service_to_read_model(Targets targets, ITestOutputHelper output)
{
    /// <summary>How many orders to place (default 40); larger runs are for a real account or a patient machine.</summary>
    public const string OrdersVariable = "CHANGEFEED_E2E_ORDERS";

    // Seconds on an idle machine; a loaded 2-core machine once took more than two minutes, so the wait is generous.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task committed_changes_take_effect_once_despite_refused_batches_a_killed_relay_and_a_stopped_subscriber()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable(OrdersVariable), CultureInfo.InvariantCulture, out var wanted) && wanted > 0 ? wanted : 40;
        await using var scenario = await Scenario.StartAsync(targets, output, "orders");
        var orders = await scenario.AddRouteAsync("outbox", "orders", "/customerId", new Dictionary<string, string> { ["Mode"] = "outbox" });
        var projections = await targets.Cosmos.CreateContainerAsync(scenario.Database, SubscriberProcess.Container, "/partitionKey");
        var sessions = targets.SessionSubscriptionFor(scenario.Topic);
        var service = new OrderService(new OutboxWriter(orders, new OutboxWriterOptions { PartitionKeyPath = "/customerId" }), TimeProvider.System);
        var clock = Stopwatch.StartNew();

        // A relay that dies after publishing its third batch but before checkpointing it, and a subscriber that dies
        // after its third inbox commit but before completing that message.
        var relayStall = new Stall { AfterBatches = 2 };
        var smallBatches = new Dictionary<string, string?> { ["Host:MaxItemsPerBatch"] = "10" };
        var relay = scenario.BuildHost(smallBatches, services =>
        {
            services.AddSingleton(relayStall);
            services.AddSingleton<Relay, StallingRelay>();
        });
        var inbox = new InboxRecord();
        var inboxStall = new InboxStall { AfterHandled = 3 };
        var subscribers = new List<IHost> { SubscriberProcess.Build(targets, scenario, sessions, Math.Clamp(count, 8, 100), inbox, output, inboxStall) };
        try
        {
            await relay.StartAsync();
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: relay started");
            await subscribers[0].StartAsync();
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: subscriber started");

            // Orders placed, then shipped with the etag they were placed with; every fourth is changed by someone else
            // in between, so its shipment is refused: neither the order change nor its event may be written.
            var prefix = scenario.Database[^8..];
            var placed = new List<SavedOrder>();
            var writing = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
                placed.Add(await service.PlaceAsync($"{prefix}-order-{i:D4}", $"customer-{i % 8}", [new OrderLine("A-1", 1 + (i % 3), 10m)], CancellationToken.None));
            var shipped = new List<SavedOrder>();
            var refused = new List<SavedOrder>();
            foreach (var (order, i) in placed.Select((order, i) => (order, i)))
            {
                if (i % 4 == 3)
                    await ChangeConcurrentlyAsync(orders, order.Order);
                try
                {
                    shipped.Add(await service.ShipAsync(order, "DHL", CancellationToken.None));
                }
                catch (OutboxWriteException refusal) when (refusal.StatusCode == HttpStatusCode.PreconditionFailed)
                {
                    refused.Add(order);
                }
            }

            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: {placed.Count + shipped.Count} order changes committed, {refused.Count} refused ({writing.Elapsed.TotalSeconds:F1} s)");

            // Kill both processes where it hurts and start their replacements.
            var stalledBatch = await relayStall.Reached.Task.WaitAsync(Patience);
            await StopAsync(relay);
            await scenario.BuildHost(new Dictionary<string, string?>(smallBatches) { ["Host:InstanceName"] = "e2e-host-2" }).StartAsync();
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: relay stopped after publishing a batch of {stalledBatch.Count} changes it had not checkpointed; a new one started");
            var stalledMessage = await inboxStall.Reached.Task.WaitAsync(Patience);
            await StopAsync(subscribers[0]);
            subscribers.Add(SubscriberProcess.Build(targets, scenario, sessions, Math.Clamp(count, 8, 100), inbox, output));
            await subscribers[1].StartAsync();
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: subscriber stopped after committing message {stalledMessage} without completing it; a new one started");

            var meant = placed.Concat(shipped).Select(o => o.EventId).ToHashSet(StringComparer.Ordinal);
            var orderOf = placed.Concat(shipped).ToDictionary(o => o.EventId, o => o.Order.Id, StringComparer.Ordinal);
            await Eventually.HoldsAsync(
                () => meant.IsSubsetOf(inbox.Deliveries.Where(d => d.Handled).Select(d => d.MessageId)),
                () => $"{meant.Intersect(inbox.Deliveries.Where(d => d.Handled).Select(d => d.MessageId)).Count()} of {meant.Count} events handled",
                Patience);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: every event meant handled");
            await Task.Delay(1000); // room for a late redelivery or re-send to show up
            clock.Stop();

            var records = await RecordsAsync(orders, Enumerable.Range(0, 8).Select(c => $"customer-{c}"));
            var summaries = await ReadAllAsync(projections, placed.Select(o => ($"summary-{o.Order.Id}", o.Order.Id)));
            var markers = await ReadAllAsync(projections, meant.Select(id => ($"inbox-{id}", orderOf[id])));
            var published = scenario.Received.All;
            var deliveries = inbox.Deliveries.Where(d => meant.Contains(d.MessageId)).ToList();
            var dropped = targets.ServiceBusStandIn?.Topic(scenario.Topic).DuplicatesDropped;
            var figures = new OrderFlowFigures
            {
                Orders = count,
                Attempted = placed.Count + shipped.Count + refused.Count,
                Committed = placed.Count + shipped.Count,
                Refused = refused.Count,
                Written = records.Count,
                Published = published.Select(e => e.MessageId).Distinct().Count(),
                Received = deliveries.Count,
                Applied = summaries.Values.Sum(s => s.GetProperty("events").GetInt64()),
                Meant = meant.Count,
                DroppedByBroker = dropped,
                RecognisedByInbox = deliveries.Count(d => !d.Handled),
                Lost = meant.Count(id => !markers.ContainsKey($"inbox-{id}")),
                Elapsed = clock.Elapsed,
            };
            output.WriteLine($"FIGURES {figures}");

            // The writer: every fourth shipment refused, and a refused batch left neither the order change nor a record.
            Assert.Equal(placed.Where((_, i) => i % 4 == 3).Select(o => o.Order.Id), refused.Select(o => o.Order.Id));
            Assert.Equal(meant.Order(), records.Keys.Order());
            foreach (var order in refused)
                Assert.Equal("placed", (await ReadAllAsync(orders, [(order.Order.Id, order.Order.CustomerId)]))[order.Order.Id].GetProperty("status").GetString());

            // The broker: exactly the events meant, each order's in order in its session; the relay's re-sends dropped.
            Assert.Equal(meant.Order(), published.Select(e => e.MessageId).Distinct().Order());
            foreach (var order in placed)
            {
                var expected = refused.Contains(order) ? new[] { OrderEvents.Placed } : [OrderEvents.Placed, OrderEvents.Shipped];
                Assert.Equal(expected, published.Where(e => e.SessionId == order.Order.Id).DistinctBy(e => e.MessageId).OrderBy(e => e.SequenceNumber).Select(e => e.Type));
            }

            var resent = stalledBatch.Count(d => d.TryGetProperty("kind", out var kind) && kind.GetString() == "outbox");
            if (dropped is { } droppedByBroker)
                Assert.True(droppedByBroker >= resent, $"{droppedByBroker} re-sends dropped by duplicate detection, expected at least the {resent} events of the batch the relay died in");
            else
                output.WriteLine("against a real namespace the broker's duplicate counter is not visible; no duplicate effect is checked below");

            // The subscriber: each event's effect exactly once; the message it died on came back and was recognised.
            Assert.Equal(0, figures.Lost);
            Assert.Equal(figures.Meant, figures.Applied);
            foreach (var order in placed)
            {
                var summary = summaries[$"summary-{order.Order.Id}"];
                var wasShipped = !refused.Contains(order);
                Assert.Equal(wasShipped ? "shipped" : "placed", summary.GetProperty("status").GetString());
                Assert.Equal(wasShipped ? 2 : 1, summary.GetProperty("events").GetInt64());
            }

            Assert.Contains(inbox.Deliveries, d => d.MessageId == stalledMessage && !d.Handled);
            Assert.True(figures.RecognisedByInbox >= 1, "the message the subscriber died on came back and the inbox recognised it");
        }
        finally
        {
            foreach (var subscriber in subscribers)
            {
                await StopAsync(subscriber);
                subscriber.Dispose();
            }
        }
    }

    private static async Task ChangeConcurrentlyAsync(Container orders, Order order)
    {
        using var response = await orders.PatchItemStreamAsync(order.Id, new PartitionKey(order.CustomerId), [PatchOperation.Set("/note", "delivery address changed")]);
        response.EnsureSuccessStatusCode();
    }

    private static async Task StopAsync(IHost host)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await host.StopAsync(timeout.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    /// <summary>The outbox records of these customers, by id.</summary>
    private static async Task<Dictionary<string, JsonElement>> RecordsAsync(Container orders, IEnumerable<string> customers)
    {
        var records = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var customer in customers)
        {
            // The key in the filter too: the stand-in answers a single-partition query only when its text names the key.
            var query = new QueryDefinition("SELECT * FROM c WHERE c.customerId = @customer AND c.kind = 'outbox'").WithParameter("@customer", customer);
            using var iterator = orders.GetItemQueryStreamIterator(query, requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(customer) });
            foreach (var record in await iterator.ReadDocumentsAsync())
                records[record.GetProperty("id").GetString()!] = record;
        }

        return records;
    }

    /// <summary>Point reads of (id, partition key); missing documents are left out.</summary>
    private static async Task<Dictionary<string, JsonElement>> ReadAllAsync(Container container, IEnumerable<(string Id, string PartitionKey)> keys)
    {
        var documents = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (id, partitionKey) in keys)
        {
            using var response = await container.ReadItemStreamAsync(id, new PartitionKey(partitionKey));
            if (response.StatusCode == HttpStatusCode.NotFound)
                continue;
            response.EnsureSuccessStatusCode();
            using var json = await JsonDocument.ParseAsync(response.Content);
            documents[id] = json.RootElement.Clone();
        }

        return documents;
    }
}

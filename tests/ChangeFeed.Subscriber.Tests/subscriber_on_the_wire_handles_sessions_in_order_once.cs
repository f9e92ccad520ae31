using System.Diagnostics;
using Azure.Messaging.ServiceBus;
using ChangeFeed.Configuration;
using ChangeFeed.Envelope;
using ChangeFeed.Orders;
using ChangeFeed.ServiceBus;
using ChangeFeed.StandIns.ServiceBus;
using ChangeFeed.Subscriber.Inbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChangeFeed.Subscriber.Tests;

/// <summary>
/// The subscriber process as <c>Program.cs</c> builds it, with a real <see cref="ServiceBusSessionProcessor"/> against
/// the Service Bus stand-in, receiving what the relay's publisher sends. The inbox is in memory (the Cosmos DB
/// stand-in does not run transactional batches).
/// </summary>
public class subscriber_on_the_wire_handles_sessions_in_order_once
{
    [Fact]
    public async Task Each_order_is_handled_placed_before_shipped_and_a_resent_event_has_no_second_effect()
    {
        await using var standIn = await ServiceBusStandIn.StartAsync();
        // No duplicate detection on this topic, so the re-sent event reaches the subscriber and the inbox must catch it.
        standIn.AddTopic("orders-events").AddSubscription("sample-subscriber", requiresSession: true);
        var orders = Enumerable.Range(1, 6).Select(i => $"order-{i}").ToArray();
        var events = orders.SelectMany(order => new[]
        {
            Messages.Event($"{order}-placed", OrderEvents.Placed, order, new OrderPlaced(order, "customer-1", 10m, 1), ContentMode.Binary) with { Topic = "orders-events" },
            Messages.Event($"{order}-shipped", OrderEvents.Shipped, order, new OrderShipped(order, "customer-1", "DHL", DateTimeOffset.UnixEpoch), ContentMode.Structured) with { Topic = "orders-events" },
        }).ToList();
        var resent = events[0];

        await using (var client = new ServiceBusClient(standIn.ConnectionString))
        {
            var publisher = new ServiceBusPublisher(client, new EnvelopeEncoder());
            await publisher.PublishAsync(events, CancellationToken.None);
            await publisher.PublishAsync([resent], CancellationToken.None);
            await publisher.DisposeAsync();
        }

        var inbox = new RecordingInbox();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SERVICEBUS"] = standIn.ConnectionString,
            ["COSMOS"] = "AccountEndpoint=https://127.0.0.1:9/;AccountKey=C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==;",
            ["Subscriber:Topic"] = "orders-events",
            ["Subscriber:Subscription"] = "sample-subscriber",
            ["Subscriber:Database"] = "changefeed",
            ["Subscriber:MaxConcurrentSessions"] = "3",
        });
        builder.Services.AddSubscriberHost(builder.Configuration);
        builder.Services.AddSingleton<IInbox>(inbox);
        using var host = builder.Build();
        await host.StartAsync();

        var clock = Stopwatch.StartNew();
        while (inbox.Calls.Count < events.Count + 1 && clock.Elapsed < TimeSpan.FromSeconds(60))
            await Task.Delay(50);
        await host.StopAsync();

        var calls = inbox.Calls.ToList();
        Assert.Equal(events.Count + 1, calls.Count);
        foreach (var order in orders)
        {
            Assert.Equal([$"{order}-placed", $"{order}-shipped"], calls.Where(c => c.PartitionKey == order && c.Handled).Select(c => c.MessageId));
            var summary = inbox.Memory.Documents[$"summary-{order}"];
            Assert.Equal("shipped", summary["status"]!.GetValue<string>());
            Assert.Equal(2, summary["events"]!.GetValue<long>());
        }

        var duplicate = Assert.Single(calls, c => !c.Handled);
        Assert.Equal(resent.Id, duplicate.MessageId);
        Assert.Equal(events.Count + 1, standIn.Topic("orders-events").Subscription("sample-subscriber").CompletedCount);
    }
}

using Azure.Messaging.ServiceBus;

namespace ChangeFeed.StandIns.ServiceBus.Tests;

/// <summary>
/// A subscription's rules are ORed and a message matching several of them is stored once (rules without actions, as
/// the service documents them); a correlation filter matches <c>To</c> and application properties exactly; a message
/// no subscription matches is dropped. What a backfill for one subscription relies on.
/// </summary>
public sealed class a_subscription_takes_what_any_of_its_rules_matches_once
{
    [Fact]
    public async Task live_messages_reach_every_subscription_and_a_backfill_only_the_one_it_names()
    {
        await using var standIn = await ServiceBusStandIn.StartAsync();
        StandInTopic topic = standIn.AddTopic("orders-cdc")
            .AddSubscription("billing", rules: [Live(), Backfill("billing")])
            .AddSubscription("shipping", rules: [Live(), Backfill("shipping")])
            .AddSubscription("audit", rules: [Live()]);
        await using var client = Clients.For(standIn);
        await using var sender = client.CreateSender("orders-cdc");

        await sender.SendMessagesAsync([
            Tagged(Clients.Message("live-1"), "live"),
            Tagged(Clients.Message("backfill-1"), "backfill", to: "billing"),
            Tagged(Clients.Message("backfill-2"), "backfill", to: "nobody"),
            Tagged(Clients.Message("backfill-3"), "backfill", to: "BILLING"), // names are compared exactly
            Clients.Message("unmarked-1"),
            Tagged(Clients.Message("live-2"), "live", to: "billing"), // both of billing's rules match: stored once
        ]);

        Assert.Equal(["live-1", "backfill-1", "live-2"], Ids(topic.Subscription("billing")));
        Assert.Equal(["live-1", "live-2"], Ids(topic.Subscription("shipping")));
        Assert.Equal(["live-1", "live-2"], Ids(topic.Subscription("audit")));
        Assert.Equal(6, topic.AcceptedMessages.Count);
        Assert.Equal("billing", topic.AcceptedMessages[1].To);
    }

    private static StandInCorrelationFilter Live() =>
        new() { Subject = "com.contoso.orders.order.upserted", ApplicationProperties = new Dictionary<string, object> { ["changefeed_delivery"] = "live" } };

    private static StandInCorrelationFilter Backfill(string subscription) =>
        new() { Subject = "com.contoso.orders.order.upserted", To = subscription, ApplicationProperties = new Dictionary<string, object> { ["changefeed_delivery"] = "backfill" } };

    private static ServiceBusMessage Tagged(ServiceBusMessage message, string delivery, string? to = null)
    {
        message.ApplicationProperties["changefeed_delivery"] = delivery;
        message.To = to;
        return message;
    }

    private static IEnumerable<string?> Ids(StandInSubscription subscription) => subscription.Messages.Select(m => m.MessageId);
}

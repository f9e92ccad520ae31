using ChangeFeed.Configuration;

namespace ChangeFeed.Subscriber.Tests;

public class subscriber_handles_each_event_once_and_in_order
{
    [Fact]
    public async Task The_same_message_id_delivered_twice_has_one_effect()
    {
        var subscriber = new Subscriber();
        var placed = Messages.Placed(id: "evt-1");

        Assert.Equal(Handling.Handled, await subscriber.Dispatcher.DispatchAsync(placed, CancellationToken.None));
        Assert.Equal(Handling.Duplicate, await subscriber.Dispatcher.DispatchAsync(Messages.Placed(id: "evt-1"), CancellationToken.None));

        var summary = Assert.Single(subscriber.Memory.Documents).Value;
        Assert.Equal(1, summary["events"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_duplicate_is_completed_not_retried()
    {
        var subscriber = new Subscriber();

        await subscriber.SettleAsync(Messages.Placed(id: "evt-1"));
        await subscriber.SettleAsync(Messages.Placed(id: "evt-1"));

        Assert.Equal(["complete", "complete"], subscriber.Receiver.Settled.Select(s => s.Outcome));
    }

    [Fact]
    public async Task Placed_then_shipped_in_session_order_builds_the_summary()
    {
        var subscriber = new Subscriber();

        await subscriber.SettleAsync(Messages.Placed());
        await subscriber.SettleAsync(Messages.Shipped());

        var summary = subscriber.Memory.Documents["summary-order-7"];
        Assert.Equal("shipped", summary["status"]!.GetValue<string>());
        Assert.Equal("DHL", summary["carrier"]!.GetValue<string>());
        Assert.Equal(25.5m, summary["total"]!.GetValue<decimal>());
        Assert.Equal("order-7", summary["partitionKey"]!.GetValue<string>());
        Assert.Equal(2, summary["events"]!.GetValue<long>());
    }

    [Fact]
    public async Task Shipped_before_placed_fails_and_is_abandoned_so_it_comes_back_with_nothing_done()
    {
        var subscriber = new Subscriber();

        await subscriber.SettleAsync(Messages.Shipped());

        Assert.Equal("abandon", Assert.Single(subscriber.Receiver.Settled).Outcome);
        Assert.Empty(subscriber.Memory.Documents);
        await subscriber.SettleAsync(Messages.Placed());
        await subscriber.SettleAsync(Messages.Shipped(deliveryCount: 2));
        Assert.Equal("shipped", subscriber.Memory.Documents["summary-order-7"]["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Binary_and_structured_messages_have_the_same_effect()
    {
        var binary = new Subscriber();
        var structured = new Subscriber();

        await binary.SettleAsync(Messages.Placed(mode: ContentMode.Binary));
        await structured.SettleAsync(Messages.Placed(mode: ContentMode.Structured));

        Assert.Equal(binary.Memory.Documents["summary-order-7"].ToJsonString(), structured.Memory.Documents["summary-order-7"].ToJsonString());
    }

    [Fact]
    public async Task A_message_that_fails_every_time_is_dead_lettered_on_the_last_attempt_with_its_error()
    {
        var subscriber = new Subscriber(maxDeliveryAttempts: 3);

        for (var attempt = 1; attempt <= 3; attempt++)
            await subscriber.SettleAsync(Messages.Shipped(deliveryCount: attempt));

        Assert.Equal(["abandon", "abandon", "deadletter"], subscriber.Receiver.Settled.Select(s => s.Outcome));
        var deadLettered = subscriber.Receiver.Settled[^1];
        Assert.Equal("MaxDeliveryAttemptsExceeded", deadLettered.Reason);
        Assert.Contains("Failed 3 times; last error: Read-model document 'summary-order-7' does not exist.", deadLettered.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_that_is_not_a_cloud_event_is_dead_lettered_at_once()
    {
        var subscriber = new Subscriber();

        await subscriber.SettleAsync(Messages.NotACloudEvent());

        var settled = Assert.Single(subscriber.Receiver.Settled);
        Assert.Equal(("deadletter", "InvalidEvent"), (settled.Outcome, settled.Reason));
        Assert.Contains("Message plain-1 is not a readable CloudEvent", settled.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_whose_data_does_not_fit_the_type_is_dead_lettered_at_once()
    {
        var subscriber = new Subscriber();
        var wrong = Messages.From(Messages.Event("evt-9", Orders.OrderEvents.Placed, "order-7", 42, ContentMode.Binary));

        await subscriber.SettleAsync(wrong);

        Assert.Equal("deadletter", Assert.Single(subscriber.Receiver.Settled).Outcome);
    }

    [Fact]
    public async Task An_event_type_without_a_handler_is_completed_and_ignored()
    {
        var subscriber = new Subscriber();
        var other = Messages.From(Messages.Event("evt-5", "com.contoso.orders.OrderCancelled", "order-7", new { }, ContentMode.Binary));

        Assert.Equal(Handling.Ignored, await subscriber.Dispatcher.DispatchAsync(other, CancellationToken.None));
        await subscriber.SettleAsync(other);
        Assert.Equal("complete", Assert.Single(subscriber.Receiver.Settled).Outcome);
        Assert.Empty(subscriber.Memory.Documents);
    }
}

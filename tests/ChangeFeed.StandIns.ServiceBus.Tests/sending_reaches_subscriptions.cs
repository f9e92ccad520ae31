using Azure.Messaging.ServiceBus;

namespace ChangeFeed.StandIns.ServiceBus.Tests;

public sealed class sending_reaches_subscriptions
{
    [Fact]
    public async Task a_single_message_and_a_batch_are_received_with_their_properties()
    {
        await using var standIn = await ServiceBusStandIn.StartAsync();
        StandInTopic topic = standIn.AddTopic("orders-cdc").AddSubscription("all");
        await using var client = Clients.For(standIn);
        await using var sender = client.CreateSender("orders-cdc");

        var single = Clients.Message("m-1");
        single.ApplicationProperties["cloudEvents_source"] = "/cosmos/orders";
        single.ContentType = "application/json";
        await sender.SendMessageAsync(single);
        using ServiceBusMessageBatch batch = await sender.CreateMessageBatchAsync();
        Assert.True(batch.TryAddMessage(Clients.Message("m-2")));
        Assert.True(batch.TryAddMessage(Clients.Message("m-3")));
        Assert.True(batch.TryAddMessage(Clients.Message("m-4")));
        await sender.SendMessagesAsync(batch);

        await using var receiver = client.CreateReceiver("orders-cdc", "all");
        var received = await ReceiveAsync(receiver, 4);
        Assert.Equal(["m-1", "m-2", "m-3", "m-4"], received.Select(m => m.MessageId));
        Assert.Equal("body of m-3", received[2].Body.ToString());
        Assert.Equal("/cosmos/orders", received[0].ApplicationProperties["cloudEvents_source"]);
        Assert.Equal("application/json", received[0].ContentType);
        Assert.Equal("com.contoso.orders.order.upserted", received[1].Subject);
        Assert.Equal(1, received[0].DeliveryCount);
        Assert.True(received[1].SequenceNumber > received[0].SequenceNumber);
        Assert.True(received[0].LockedUntil > DateTimeOffset.UtcNow);
        foreach (var message in received)
        {
            await receiver.CompleteMessageAsync(message);
        }

        Assert.Equal(4, topic.AcceptedMessages.Count);
        Assert.Equal(4, topic.Subscription("all").CompletedCount);
        Assert.Equal(0, topic.Subscription("all").ActiveCount);
    }

    [Fact]
    public async Task a_removed_topic_forgets_its_messages_and_refuses_new_senders()
    {
        await using var standIn = await ServiceBusStandIn.StartAsync();
        standIn.AddTopic("iteration-1").AddSubscription("all");
        standIn.AddTopic("iteration-2");
        await using var client = Clients.For(standIn);
        await using (var sender = client.CreateSender("iteration-1"))
            await sender.SendMessageAsync(Clients.Message("m-1"));

        Assert.True(standIn.RemoveTopic("iteration-1"));
        Assert.False(standIn.RemoveTopic("iteration-1"));

        Assert.Equal(["iteration-2"], standIn.Topics.Select(t => t.Name));
        Assert.Throws<KeyNotFoundException>(() => standIn.Topic("iteration-1"));
        await using var late = client.CreateSender("iteration-1");
        var refused = await Assert.ThrowsAsync<ServiceBusException>(() => late.SendMessageAsync(Clients.Message("m-2")));
        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, refused.Reason);
        await using var receiver = client.CreateReceiver("iteration-1", "all");
        await Assert.ThrowsAsync<ServiceBusException>(() => receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task a_correlation_filter_on_subject_routes_only_matching_messages()
    {
        await using var standIn = await ServiceBusStandIn.StartAsync();
        StandInTopic topic = standIn.AddTopic("orders-cdc")
            .AddSubscription("upserts", correlationFilterSubject: "com.contoso.orders.order.upserted")
            .AddSubscription("everything");
        await using var client = Clients.For(standIn);
        await using var sender = client.CreateSender("orders-cdc");

        await sender.SendMessagesAsync([
            Clients.Message("u-1", subject: "com.contoso.orders.order.upserted"),
            Clients.Message("d-1", subject: "com.contoso.orders.order.deleted"),
            Clients.Message("u-2", subject: "com.contoso.orders.order.upserted"),
        ]);

        Assert.Equal(["u-1", "u-2"], topic.Subscription("upserts").Messages.Select(m => m.MessageId));
        Assert.Equal(["u-1", "d-1", "u-2"], topic.Subscription("everything").Messages.Select(m => m.MessageId));
        await using var receiver = client.CreateReceiver("orders-cdc", "upserts");
        var received = await ReceiveAsync(receiver, 2);
        Assert.Equal(["u-1", "u-2"], received.Select(m => m.MessageId));
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task a_duplicate_message_id_within_the_window_is_accepted_but_delivered_once()
    {
        await using var standIn = await ServiceBusStandIn.StartAsync();
        StandInTopic topic = standIn.AddTopic("orders-cdc", duplicateDetectionWindow: TimeSpan.FromMinutes(10)).AddSubscription("all");
        await using var client = Clients.For(standIn);
        await using var sender = client.CreateSender("orders-cdc");

        await sender.SendMessageAsync(Clients.Message("same"));
        await sender.SendMessageAsync(Clients.Message("same"));
        await sender.SendMessagesAsync([Clients.Message("same"), Clients.Message("other")]);

        Assert.Equal(2, topic.DuplicatesDropped);
        Assert.Equal(["same", "other"], topic.AcceptedMessages.Select(m => m.MessageId));
        await using var receiver = client.CreateReceiver("orders-cdc", "all");
        var received = await ReceiveAsync(receiver, 2);
        Assert.Equal(["same", "other"], received.Select(m => m.MessageId));
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromMilliseconds(300)));
    }

    internal static async Task<List<ServiceBusReceivedMessage>> ReceiveAsync(ServiceBusReceiver receiver, int count)
    {
        var received = new List<ServiceBusReceivedMessage>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (received.Count < count)
        {
            received.AddRange(await receiver.ReceiveMessagesAsync(count - received.Count, TimeSpan.FromSeconds(1), deadline.Token));
        }

        return received;
    }
}

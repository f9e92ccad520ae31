using Azure.Messaging.ServiceBus;

namespace ChangeFeed.StandIns.ServiceBus.Tests;

public sealed class settlement_outcomes
{
    [Fact]
    public async Task an_abandoned_message_is_redelivered_with_delivery_count_two()
    {
        await using var standIn = await ServiceBusStandIn.StartAsync();
        StandInTopic topic = standIn.AddTopic("orders-cdc").AddSubscription("all");
        await using var client = Clients.For(standIn);
        await using var sender = client.CreateSender("orders-cdc");
        await sender.SendMessagesAsync([Clients.Message("first"), Clients.Message("second")]);

        await using var receiver = client.CreateReceiver("orders-cdc", "all");
        ServiceBusReceivedMessage first = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("first", first.MessageId);
        await receiver.AbandonMessageAsync(first);

        var again = await sending_reaches_subscriptions.ReceiveAsync(receiver, 2);
        Assert.Equal(["first", "second"], again.Select(m => m.MessageId));
        Assert.Equal(2, again[0].DeliveryCount);
        Assert.Equal(1, again[1].DeliveryCount);
        Assert.Equal(1, topic.Subscription("all").AbandonedCount);
    }

    [Fact]
    public async Task a_dead_lettered_message_is_readable_from_the_dead_letter_queue_with_its_reason()
    {
        await using var standIn = await ServiceBusStandIn.StartAsync();
        StandInTopic topic = standIn.AddTopic("orders-cdc").AddSubscription("all");
        await using var client = Clients.For(standIn);
        await using var sender = client.CreateSender("orders-cdc");
        await sender.SendMessageAsync(Clients.Message("poison"));

        await using var receiver = client.CreateReceiver("orders-cdc", "all");
        ServiceBusReceivedMessage message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5));
        await receiver.DeadLetterMessageAsync(message, "SchemaMismatch", "field 'id' missing");

        Assert.Equal(1, topic.Subscription("all").DeadLetteredCount);
        Assert.Equal("SchemaMismatch", topic.Subscription("all").DeadLetteredMessages.Single().DeadLetterReason);
        await using var deadLetters = client.CreateReceiver("orders-cdc", "all", new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        ServiceBusReceivedMessage dead = await deadLetters.ReceiveMessageAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("poison", dead.MessageId);
        Assert.Equal("SchemaMismatch", dead.DeadLetterReason);
        Assert.Equal("field 'id' missing", dead.DeadLetterErrorDescription);
        await deadLetters.CompleteMessageAsync(dead);
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task a_queue_processor_completes_every_message_and_renews_locks()
    {
        await using var standIn = await ServiceBusStandIn.StartAsync();
        StandInQueue queue = standIn.AddQueue("work");
        await using var client = Clients.For(standIn);
        await using var sender = client.CreateSender("work");
        await sender.SendMessagesAsync(Enumerable.Range(1, 10).Select(i => Clients.Message($"w-{i}")));

        await using var receiver = client.CreateReceiver("work");
        ServiceBusReceivedMessage held = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5));
        DateTimeOffset before = held.LockedUntil;
        await Task.Delay(50);
        await receiver.RenewMessageLockAsync(held);
        Assert.True(held.LockedUntil > before);
        await receiver.CompleteMessageAsync(held);

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int processed = 0;
        await using ServiceBusProcessor processor = client.CreateProcessor("work", new ServiceBusProcessorOptions { MaxConcurrentCalls = 3 });
        processor.ProcessMessageAsync += _ =>
        {
            if (Interlocked.Increment(ref processed) == 9)
            {
                done.TrySetResult();
            }

            return Task.CompletedTask;
        };
        processor.ProcessErrorAsync += _ => Task.CompletedTask;
        await processor.StartProcessingAsync();
        await done.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await processor.StopProcessingAsync();

        Assert.Equal(10, queue.CompletedCount);
        Assert.Equal(0, queue.ActiveCount + queue.LockedCount);
    }
}

using Azure.Messaging.ServiceBus;

namespace ChangeFeed.StandIns.ServiceBus.Tests;

/// <summary>
/// A partitioned topic (a Standard topic with partitioning, a Premium namespace with partitions) takes a batch only when
/// its messages share one partition key: the session id, else the partition key, else with duplicate detection the
/// message id. Service Bus refuses other batches with amqp:not-allowed, which the client raises as
/// InvalidOperationException, and takes nothing of them.
/// </summary>
public sealed class partitioned_topics_refuse_batches_of_several_partition_keys
{
    [Fact]
    public async Task a_batch_of_two_sessions_is_refused_whole_with_the_service_s_error()
    {
        await using var standIn = await ServiceBusStandIn.StartAsync();
        StandInTopic topic = standIn.AddTopic("orders-cdc", partitioned: true).AddSubscription("all");
        await using var client = Clients.For(standIn);
        await using var sender = client.CreateSender("orders-cdc");

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => SendBatchAsync(sender, Clients.Message("m-1", "a"), Clients.Message("m-2", "b")));

        Assert.StartsWith("Batching brokered messages with distinct SessionId or PartitionKey is not supported for an entity with partitioning enabled.", refused.Message, StringComparison.Ordinal);
        Assert.Empty(topic.AcceptedMessages);
        Assert.Equal(1, topic.MixedBatchesRefused);
        Assert.True(topic.Partitioned);
    }

    [Fact]
    public async Task the_same_batch_goes_through_to_a_topic_without_partitioning()
    {
        await using var standIn = await ServiceBusStandIn.StartAsync();
        StandInTopic topic = standIn.AddTopic("orders-cdc");
        await using var client = Clients.For(standIn);
        await using var sender = client.CreateSender("orders-cdc");

        await SendBatchAsync(sender, Clients.Message("m-1", "a"), Clients.Message("m-2", "b"));

        Assert.Equal(["m-1", "m-2"], topic.AcceptedMessages.Select(m => m.MessageId));
        Assert.False(topic.Partitioned);
    }

    [Fact]
    public async Task one_session_per_batch_and_single_messages_of_any_session_are_taken()
    {
        await using var standIn = await ServiceBusStandIn.StartAsync();
        StandInTopic topic = standIn.AddTopic("orders-cdc", duplicateDetectionWindow: TimeSpan.FromMinutes(10), partitioned: true);
        await using var client = Clients.For(standIn);
        await using var sender = client.CreateSender("orders-cdc");

        await SendBatchAsync(sender, Clients.Message("m-1", "a"), Clients.Message("m-2", "a"), Clients.Message("m-3", "a"));
        await SendBatchAsync(sender, Clients.Message("m-4", "b"));
        await sender.SendMessageAsync(Clients.Message("m-5", "c"));
        await sender.SendMessageAsync(Clients.Message("m-6", "d"));
        var byPartitionKey = Clients.Message("m-7");
        byPartitionKey.PartitionKey = "k";
        var samePartitionKey = Clients.Message("m-8");
        samePartitionKey.PartitionKey = "k";
        await SendBatchAsync(sender, byPartitionKey, samePartitionKey);

        Assert.Equal(["m-1", "m-2", "m-3", "m-4", "m-5", "m-6", "m-7", "m-8"], topic.AcceptedMessages.Select(m => m.MessageId));
        Assert.Equal(0, topic.MixedBatchesRefused);
    }

    [Fact]
    public async Task without_a_session_or_partition_key_duplicate_detection_partitions_by_message_id()
    {
        await using var standIn = await ServiceBusStandIn.StartAsync();
        StandInTopic detecting = standIn.AddTopic("detecting", duplicateDetectionWindow: TimeSpan.FromMinutes(10), partitioned: true);
        StandInTopic plain = standIn.AddTopic("plain", partitioned: true);
        await using var client = Clients.For(standIn);
        await using var toDetecting = client.CreateSender("detecting");
        await using var toPlain = client.CreateSender("plain");

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => SendBatchAsync(toDetecting, Clients.Message("m-1"), Clients.Message("m-2")));
        await SendBatchAsync(toPlain, Clients.Message("m-1"), Clients.Message("m-2"));

        Assert.StartsWith("Batching brokered messages with distinct SessionId, PartitionKey, or MessageId is not supported for an entity with partitioning and duplicate detection enabled.", refused.Message, StringComparison.Ordinal);
        Assert.Empty(detecting.AcceptedMessages);
        Assert.Equal(2, plain.AcceptedMessages.Count);
    }

    private static async Task SendBatchAsync(ServiceBusSender sender, params ServiceBusMessage[] messages)
    {
        using ServiceBusMessageBatch batch = await sender.CreateMessageBatchAsync();
        foreach (var message in messages)
            Assert.True(batch.TryAddMessage(message));
        await sender.SendMessagesAsync(batch);
    }
}

using ChangeFeed.Envelope;
using ChangeFeed.ServiceBus;

namespace ChangeFeed.Benchmarks.Tests;

/// <summary>
/// The publishing counts the benchmark reports: the publisher delivers every event with the same bytes as one-by-one
/// sends, within one send call per topic of ⌈bytes / limit⌉ at 256 KB and 1 MB (batches filled across sessions,
/// decision 0004), never more than filling one batch at a time in order; on partitioned topics as few as one session
/// per batch allows.
/// </summary>
public class publishing_sends_the_fewest_batches
{
    [Theory]
    [InlineData(256)]
    [InlineData(1024)]
    public void the_publisher_is_within_one_send_per_topic_of_the_byte_count(int limitKb)
    {
        var batched = PublishingColumns.Count(nameof(PublishingBenchmarks.Publisher), limitKb);
        var oneByOne = PublishingColumns.Count(nameof(PublishingBenchmarks.OneSendPerMessage), limitKb);

        Assert.Equal(PublishingBenchmarks.EventCount, oneByOne.Calls);
        Assert.Equal(PublishingBenchmarks.EventCount, batched.Messages);
        // The same messages: what batches add is each message's data section prefix and one envelope per send.
        Assert.InRange(batched.Bytes - oneByOne.Bytes, 0, 8L * PublishingBenchmarks.EventCount + 1024L * batched.Calls);
        Assert.Equal(2, batched.Topics);
        Assert.All(batched.PerTopic, topic => Assert.InRange(topic.Calls, topic.Target, topic.Target + 1));
    }

    [Theory]
    [InlineData(256)]
    [InlineData(1024)]
    public void the_publisher_never_sends_more_batches_than_packing_in_order(int limitKb)
    {
        var batched = PublishingColumns.Count(nameof(PublishingBenchmarks.Publisher), limitKb);

        Assert.InRange(batched.Calls, batched.Target, InOrder(limitKb * 1024L, e => e.Topic));
    }

    [Theory]
    [InlineData(256)]
    [InlineData(1024)]
    public void on_partitioned_topics_each_session_s_batches_are_full(int limitKb)
    {
        var partitioned = PublishingColumns.Count(nameof(PublishingBenchmarks.PartitionedPublisher), limitKb);

        Assert.Equal(PublishingBenchmarks.EventCount, partitioned.Messages);
        Assert.Equal(InOrder(limitKb * 1024L, e => (e.Topic, e.PartitionKey)), partitioned.Calls);
    }

    [Theory]
    [InlineData(256)]
    [InlineData(1024)]
    public async Task no_list_the_publisher_sends_is_refused_by_the_client_s_size_check(int limitKb)
    {
        var client = new CountingServiceBusClient(limitKb * 1024L);
        await using var publisher = new ServiceBusPublisher(client, new EnvelopeEncoder());

        var result = await publisher.PublishAsync(MixedEvents.Create(PublishingBenchmarks.EventCount), CancellationToken.None);

        Assert.Equal((PublishingBenchmarks.EventCount, 0), (result.Published, publisher.Resent));
    }

    /// <summary>The sends of filling the client's own batch one at a time in order, per group: until the next message does not fit.</summary>
    private static int InOrder<TKey>(long limit, Func<IntegrationEvent, TKey> group)
    {
        var encoder = new EnvelopeEncoder();
        return MixedEvents.Create(PublishingBenchmarks.EventCount)
            .GroupBy(group)
            .Sum(events => CountingServiceBusClient.InOrderSends(events.Select(encoder.Encode), limit));
    }
}

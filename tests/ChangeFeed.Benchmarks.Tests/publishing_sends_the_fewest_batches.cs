using ChangeFeed.ServiceBus;

namespace ChangeFeed.Benchmarks.Tests;

/// <summary>
/// The publishing counts the benchmark reports: the publisher delivers every event, as few send calls as packing in
/// order allows, and with a 1 MB limit within one call per topic of ⌈bytes / limit⌉.
/// </summary>
public class publishing_sends_the_fewest_batches
{
    [Theory]
    [InlineData(256)]
    [InlineData(1024)]
    public void the_publisher_packs_batches_full_in_order(int limitKb)
    {
        var batched = PublishingColumns.Count(nameof(PublishingBenchmarks.Publisher), limitKb);
        var oneByOne = PublishingColumns.Count(nameof(PublishingBenchmarks.OneSendPerMessage), limitKb);

        Assert.Equal(PublishingBenchmarks.EventCount, oneByOne.Calls);
        Assert.Equal(PublishingBenchmarks.EventCount, batched.Messages);
        Assert.Equal(oneByOne.Bytes, batched.Bytes);
        Assert.Equal(InOrderMinimum(limitKb * 1024L), batched.Calls);
        Assert.InRange(batched.Calls, batched.Target, int.MaxValue);
    }

    [Fact]
    public void with_a_1_MB_limit_within_one_send_per_topic_of_the_byte_count()
    {
        var batched = PublishingColumns.Count(nameof(PublishingBenchmarks.Publisher), 1024);

        Assert.InRange(batched.Calls, batched.Target, batched.Target + batched.Topics);
    }

    /// <summary>The fewest sends when each topic's messages must stay in order: fill a batch until the next one does not fit.</summary>
    private static int InOrderMinimum(long limit)
    {
        var encoder = new EnvelopeEncoder();
        return MixedEvents.Create(PublishingBenchmarks.EventCount)
            .GroupBy(e => e.Topic, StringComparer.Ordinal)
            .Sum(topic =>
            {
                var (sends, size) = (0, 0L);
                foreach (var next in topic.Select(e => CountingServiceBusClient.SizeOf(encoder.Encode(e))))
                {
                    if (size + next > limit)
                        (sends, size) = (sends + 1, 0);
                    size += next;
                }

                return size > 0 ? sends + 1 : sends;
            });
    }
}

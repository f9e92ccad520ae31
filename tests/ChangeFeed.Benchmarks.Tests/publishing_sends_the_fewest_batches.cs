using ChangeFeed.ServiceBus;

namespace ChangeFeed.Benchmarks.Tests;

/// <summary>
/// The publishing counts the benchmark reports: the publisher delivers every event, as few send calls as packing in
/// order allows, and every send but a topic's last is full to within its topic's largest message.
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
    public void with_a_1_MB_limit_every_send_but_a_topics_last_is_full_to_within_its_largest_message()
    {
        // A batch is sent only when the next message does not fit, so it holds more than limit - largest: a topic of
        // B bytes needs at most floor(B / (limit - largest)) + 1 sends, and never fewer than ceil(B / limit).
        const long limit = 1024 * 1024;
        var batched = PublishingColumns.Count(nameof(PublishingBenchmarks.Publisher), 1024);
        var encoder = new EnvelopeEncoder();
        var bound = MixedEvents.Create(PublishingBenchmarks.EventCount)
            .GroupBy(e => e.Topic, StringComparer.Ordinal)
            .Select(topic => topic.Select(e => CountingServiceBusClient.SizeOf(encoder.Encode(e))).ToList())
            .Sum(sizes => (int)(sizes.Sum() / (limit - sizes.Max())) + 1);

        Assert.InRange(batched.Calls, batched.Target, bound);
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

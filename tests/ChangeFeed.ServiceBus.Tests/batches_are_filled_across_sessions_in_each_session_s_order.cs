using ChangeFeed.Envelope;
using FsCheck;
using FsCheck.Xunit;
using static ChangeFeed.ServiceBus.Tests.TestEvents;

namespace ChangeFeed.ServiceBus.Tests;

/// <summary>
/// The publisher's packing (decision 0004): every event sent exactly once or rejected as too large, each session's
/// events in their order, every batch within the limit, never more send calls than filling one batch at a time in
/// order, and on a partitioned topic one session (partition key) per batch.
/// </summary>
public sealed class batches_are_filled_across_sessions_in_each_session_s_order
{
    private const int Runs = 300;

    [Property(MaxTest = Runs)]
    public void every_event_is_sent_once_in_its_session_s_order_within_the_limit(PositiveInt[] sizes, byte[] sessions, PositiveInt limitKb)
    {
        var (events, client, result, limit) = Publish(sizes, sessions, limitKb, PartitionedTopics.None);

        AssertSentOnceInSessionOrder(events, client, result, limit);
        foreach (var (topic, sender) in client.Senders)
        {
            var sizesInOrder = events.Where(e => e.Topic == topic).Select(Sizes);
            Assert.InRange(sender.Batches.Count, 0, InOrderSends(sizesInOrder, limit));
        }
    }

    [Property(MaxTest = Runs)]
    public void on_a_partitioned_topic_a_batch_holds_one_session_and_each_session_s_batches_are_full(PositiveInt[] sizes, byte[] sessions, PositiveInt limitKb)
    {
        var (events, client, result, limit) = Publish(sizes, sessions, limitKb, PartitionedTopics.Of("topic-1"));

        AssertSentOnceInSessionOrder(events, client, result, limit);
        foreach (var (topic, sender) in client.Senders)
        {
            var perSession = events.Where(e => e.Topic == topic).GroupBy(e => e.PartitionKey).Sum(session => InOrderSends(session.Select(Sizes), limit));
            if (topic == "topic-1")
            {
                // Full: no more sends than the client's batch filled in order, and no fewer than filling in order by the
                // envelope's true size (the client's batch counts its first message's data section prefix twice).
                var fewest = events.Where(e => e.Topic == topic).GroupBy(e => e.PartitionKey)
                    .Sum(session => InOrderSends(session.Select(Sizes).Select(s => (s.Alone - 8, s.InBatch)), limit));
                Assert.All(sender.Batches, batch => Assert.Single(batch.Messages.Select(m => m.SessionId).Distinct()));
                Assert.InRange(sender.Batches.Count, fewest, perSession);
            }
            else
            {
                Assert.InRange(sender.Batches.Count, 0, InOrderSends(events.Where(e => e.Topic == topic).Select(Sizes), limit));
            }
        }
    }

    [Fact]
    public async Task a_small_event_of_another_session_fills_the_room_a_large_one_left()
    {
        // Limit 10,000: large ~5,400 bytes, small ~2,900 with headers. In order: [L1] [L2 s1] [s2]; across sessions: [L1 s1] [L2 s2].
        var client = new FakeServiceBusClient(10_000);
        var publisher = new ServiceBusPublisher(client, new EnvelopeEncoder());
        IntegrationEvent[] events = [Event(1, "t", "a", 5_000), Event(2, "t", "b", 5_000), Event(3, "t", "c", 2_500), Event(4, "t", "d", 2_500)];
        Assert.Equal(3, InOrderSends(events.Select(Sizes), 10_000));

        var result = await publisher.PublishAsync(events, CancellationToken.None);

        Assert.Equal(2, result.Batches);
        Assert.Equal([["id-1", "id-3"], ["id-2", "id-4"]], client.Senders["t"].Batches.Select(b => b.Messages.Select(m => m.MessageId).ToArray()));
    }

    [Fact]
    public async Task an_event_never_goes_into_a_batch_before_its_session_s_previous_event()
    {
        // The same sizes, but the small events belong to the second large event's session: they may only follow it.
        var client = new FakeServiceBusClient(10_000);
        var publisher = new ServiceBusPublisher(client, new EnvelopeEncoder());

        await publisher.PublishAsync([Event(1, "t", "a", 5_000), Event(2, "t", "b", 5_000), Event(3, "t", "b", 2_500), Event(4, "t", "b", 2_500)], CancellationToken.None);

        Assert.Equal([["id-1"], ["id-2", "id-3"], ["id-4"]], client.Senders["t"].Batches.Select(b => b.Messages.Select(m => m.MessageId).ToArray()));
    }

    /// <summary>
    /// Events over two topics and up to 7 sessions, of sizes up to 1.2 × a limit of 2-66 KB: some of them too large for
    /// any batch (rejected: no claim check store here).
    /// </summary>
    private static (List<IntegrationEvent> Events, FakeServiceBusClient Client, Publishing.PublishResult Result, long Limit) Publish(
        PositiveInt[] sizes, byte[] sessions, PositiveInt limitKb, PartitionedTopics partitioned)
    {
        var limit = (limitKb.Get % 65 + 2) * 1024L;
        var client = new FakeServiceBusClient(limit);
        var publisher = new ServiceBusPublisher(client, new EnvelopeEncoder(), partitionedTopics: partitioned);
        var events = sizes.Select((size, i) => Event(
                i,
                $"topic-{size.Get % 2}",
                $"pk-{(sessions.Length == 0 ? 0 : sessions[i % sessions.Length] % 7)}",
                (int)(size.Get * 7919L % (limit * 6 / 5))))
            .ToList();

        var result = publisher.PublishAsync(events, CancellationToken.None).GetAwaiter().GetResult();
        return (events, client, result, limit);
    }

    private static void AssertSentOnceInSessionOrder(List<IntegrationEvent> events, FakeServiceBusClient client, Publishing.PublishResult result, long limit)
    {
        var sent = client.Senders.Values.SelectMany(s => s.Batches).ToList();
        var rejected = result.Rejected.Select(r => r.Event.Id).ToHashSet();

        Assert.All(sent, batch => Assert.InRange(batch.Size, 1, limit));
        Assert.All(result.Rejected, r => Assert.True(SizeOf(r.Event) > limit, $"{r.Event.Id} was rejected but fits: {r.Reason}"));
        Assert.Equal(events.Select(e => e.Id).Order(), sent.SelectMany(b => b.Messages).Select(m => m.MessageId).Concat(rejected).Order());
        Assert.Equal(result.Published, sent.Sum(b => b.Messages.Count));
        Assert.Equal(result.Batches, sent.Count);
        foreach (var (topic, sender) in client.Senders)
        {
            foreach (var session in events.Where(e => e.Topic == topic && !rejected.Contains(e.Id)).GroupBy(e => e.PartitionKey))
            {
                var arrived = sender.Batches.SelectMany(b => b.Messages).Where(m => m.SessionId == session.Key).Select(m => m.MessageId);
                Assert.Equal(session.Select(e => e.Id), arrived);
            }
        }
    }
}

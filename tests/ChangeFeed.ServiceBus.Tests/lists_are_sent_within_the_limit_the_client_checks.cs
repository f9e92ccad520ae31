using Azure.Core.Amqp;
using Azure.Messaging.ServiceBus;
using ChangeFeed.Envelope;
using ChangeFeed.ServiceBus.Internal;
using ChangeFeed.Testing;
using FsCheck;
using FsCheck.Fluent;
using static ChangeFeed.ServiceBus.Tests.TestEvents;

namespace ChangeFeed.ServiceBus.Tests;

/// <summary>
/// The publisher sends lists sized by its bound (decision 0029). The fake sender refuses a list as the client does,
/// by the envelope the client builds for it: none is refused, each session's events arrive once and in order, and what
/// is rejected is what the client's own empty batch refuses. Where the bound cannot decide, the client's batch does;
/// where the client refuses a list anyway, the list goes again through its batches, in order.
/// </summary>
public sealed class lists_are_sent_within_the_limit_the_client_checks
{
    private static readonly EnvelopeEncoder Encoder = new();

    [Fact]
    public void generated_events_are_sent_once_in_session_order_and_no_list_is_refused_for_its_size()
    {
        var cases = from events in Gen.Choose(1, 40).SelectMany(n => Gen.ArrayOf(GeneratedMessages.Event, n))
                    from sessions in Gen.ArrayOf(Gen.Choose(0, 4), events.Length)
                    from limit in Gen.Elements(256 * 1024L, 1024 * 1024L)
                    from partitioned in Gen.Elements(false, true)
                    select (events.Select((e, i) => e with { Id = $"id-{i}-{e.Id}", PartitionKey = $"{e.PartitionKey}-{sessions[i]}" }).ToArray(), limit, partitioned);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(40), Prop.ForAll(Arb.From(cases), testCase =>
        {
            var (events, limit, partitioned) = testCase;
            var client = new FakeServiceBusClient(limit);
            var publisher = new ServiceBusPublisher(client, Encoder, partitionedTopics: partitioned ? PartitionedTopics.All : PartitionedTopics.None);

            var result = publisher.PublishAsync(events, CancellationToken.None).GetAwaiter().GetResult();

            var sender = client.Senders["orders-cdc"];
            Assert.Equal((0, 0), (sender.SizeRefusals, publisher.Resent));
            Assert.All(sender.Batches, batch => Assert.InRange(batch.Size, 1, limit));
            Assert.All(result.Rejected, r => Assert.True(SizeOf(r.Event) > limit, $"{r.Event.Id} was rejected but the client takes it alone"));
            var rejected = result.Rejected.Select(r => r.Event.Id).ToHashSet();
            foreach (var session in events.Where(e => !rejected.Contains(e.Id)).GroupBy(e => SessionIds.For(e.PartitionKey)))
                Assert.Equal(session.Select(e => e.Id), client.Sent.Select(s => s.Message).Where(m => m.SessionId == session.Key).Select(m => m.MessageId));
            Assert.Equal(events.Length, client.Sent.Count + rejected.Count);
            if (partitioned)
                Assert.All(sender.Batches, batch => Assert.Single(batch.Messages.Select(m => m.SessionId).Distinct()));
        }));
    }

    [Fact]
    public async Task the_limit_is_learned_from_one_batch_per_sender()
    {
        var client = new FakeServiceBusClient(16 * 1024);
        var publisher = new ServiceBusPublisher(client, Encoder);

        await publisher.PublishAsync([.. Enumerable.Range(0, 50).Select(i => Event(i, "t", $"p{i % 3}", 900))], CancellationToken.None);
        await publisher.PublishAsync([.. Enumerable.Range(50, 50).Select(i => Event(i, "t", $"p{i % 3}", 900))], CancellationToken.None);

        Assert.Equal(1, client.Senders["t"].BatchesCreated);
        Assert.Equal(100, client.Sent.Count);
        Assert.InRange(client.Senders["t"].Batches.Count, 7, 9);
    }

    [Fact]
    public async Task a_list_the_client_refuses_for_its_size_is_sent_again_through_its_batches_in_order()
    {
        // The link reports 64 KB to batches but refuses lists over 40 KB: the publisher's lists are refused, counted
        // and sent again through the client's batches, nothing lost or reordered.
        var client = new FakeServiceBusClient(64 * 1024, sendLimit: 40 * 1024);
        var publisher = new ServiceBusPublisher(client, Encoder);
        var events = Enumerable.Range(0, 120).Select(i => Event(i, "t", $"p{i % 5}", 1200)).ToList();

        var result = await publisher.PublishAsync(events, CancellationToken.None);

        Assert.Equal(120, result.Published);
        Assert.True(publisher.Resent > 0);
        Assert.Equal(client.Senders["t"].SizeRefusals, publisher.Resent);
        Assert.Equal(result.Batches, client.Senders["t"].Batches.Count);
        foreach (var session in events.GroupBy(e => e.PartitionKey))
            Assert.Equal(session.Select(e => e.Id), client.Sent.Select(s => s.Message).Where(m => m.SessionId == session.Key).Select(m => m.MessageId));
    }

    [Fact]
    public async Task lists_sent_again_are_counted_when_a_later_send_fails()
    {
        // Lists are refused for their size and sent again while later lists are still being filled; the second such
        // send fails: the publish throws, and the resends made before it are counted all the same.
        var client = new FakeServiceBusClient(64 * 1024, sendLimit: 40 * 1024) { SendsBeforeOutage = 1 };
        var publisher = new ServiceBusPublisher(client, Encoder);
        var events = Enumerable.Range(0, 300).Select(i => Event(i, "t", $"p{i % 5}", 1200)).ToList();

        await Assert.ThrowsAnyAsync<PublishFailedException>(() => publisher.PublishAsync(events, CancellationToken.None));

        Assert.Equal(2, client.Senders["t"].SizeRefusals);
        Assert.Equal(client.Senders["t"].SizeRefusals, publisher.Resent);
    }

    [Fact]
    public async Task a_message_the_bound_puts_over_the_limit_alone_is_sent_when_the_client_s_batch_takes_it()
    {
        // A time to live makes the header the bound counts at its widest larger than the client's: with the limit at
        // exactly what the client counts for the message alone, only the client's own batch can say it fits.
        var message = Encoder.Encode(Event(1, "t", "p", 5000));
        message.TimeToLive = TimeSpan.FromHours(1);
        var limit = ClientAmqp.SizeAlone(message);
        Assert.True(EncodedSize.Envelope(message) + EncodedSize.InBatch(message, null) + 8 > limit);
        var client = new FakeServiceBusClient(limit);
        var batches = new TopicBatches(new TopicSender(client.CreateSender("t")), partitioned: false);

        Assert.True(await batches.AddAsync(message, CancellationToken.None));
        await batches.FlushAsync(CancellationToken.None);

        Assert.Equal(["id-1"], client.Sent.Select(s => s.Message.MessageId));
        Assert.Equal(0, client.Senders["t"].SizeRefusals);
    }

    [Fact]
    public async Task a_message_the_bound_does_not_model_is_sized_by_the_client_and_sent()
    {
        var client = new FakeServiceBusClient(8 * 1024);
        var batches = new TopicBatches(new TopicSender(client.CreateSender("t")), partitioned: false);
        var valueBody = new ServiceBusMessage(new AmqpAnnotatedMessage(AmqpMessageBody.FromValue("a value body"))) { MessageId = "value", SessionId = "p" };
        var tooLarge = new ServiceBusMessage(new AmqpAnnotatedMessage(AmqpMessageBody.FromValue(new string('x', 9000)))) { MessageId = "large", SessionId = "p" };

        Assert.Null(EncodedSize.InBatch(valueBody, null));
        Assert.True(await batches.AddAsync(valueBody, CancellationToken.None));
        Assert.False(await batches.AddAsync(tooLarge, CancellationToken.None));
        await batches.FlushAsync(CancellationToken.None);

        Assert.Equal(["value"], client.Sent.Select(s => s.Message.MessageId));
    }
}

using Azure.Messaging.ServiceBus;
using ChangeFeed.Envelope;
using static ChangeFeed.ServiceBus.Tests.TestEvents;

namespace ChangeFeed.ServiceBus.Tests;

public class PublisherTests
{
    [Fact]
    public async Task Ten_thousand_events_fill_batches_to_the_limit()
    {
        const long limit = 256 * 1024;
        var client = new FakeServiceBusClient(limit);
        var publisher = new ServiceBusPublisher(client, new EnvelopeEncoder());
        var events = Enumerable.Range(0, 10_000).Select(i => Event(i, "orders-cdc", $"pk-{i % 100}", 500 + (i * 37 % 3000))).ToList();

        var result = await publisher.PublishAsync(events, CancellationToken.None);

        var totalBytes = events.Sum(e => Sizes(e).InBatch);
        var minimum = (int)Math.Ceiling(totalBytes / (double)limit);
        Assert.Equal(10_000, result.Published);
        Assert.InRange(result.Batches, minimum, minimum + 1);
    }

    [Fact]
    public async Task One_sender_per_topic_is_created_and_reused_across_calls()
    {
        var client = new FakeServiceBusClient();
        var publisher = new ServiceBusPublisher(client, new EnvelopeEncoder());

        await publisher.PublishAsync([Event(1, "a", "p", 10), Event(2, "b", "p", 10)], CancellationToken.None);
        await publisher.PublishAsync([Event(3, "a", "p", 10), Event(4, "b", "p", 10)], CancellationToken.None);

        Assert.Equal(2, client.SendersCreated);
        Assert.Equal(4, client.Sent.Count);
    }

    [Fact]
    public async Task An_event_too_large_for_an_empty_batch_is_rejected_with_size_limit_and_id_and_the_rest_are_sent()
    {
        var client = new FakeServiceBusClient(4096);
        var publisher = new ServiceBusPublisher(client, new EnvelopeEncoder());

        var result = await publisher.PublishAsync([Event(1, "t", "p", 100), Event(2, "t", "p", 10_000), Event(3, "t", "p", 100)], CancellationToken.None);

        var rejected = Assert.Single(result.Rejected);
        Assert.Equal("id-2", rejected.Event.Id);
        Assert.Contains("event id-2", rejected.Reason, StringComparison.Ordinal);
        Assert.Contains("10000 bytes of data", rejected.Reason, StringComparison.Ordinal);
        Assert.Contains("empty batch of 4096 bytes", rejected.Reason, StringComparison.Ordinal);
        Assert.Equal(["id-1", "id-3"], client.Sent.Select(s => s.Message.MessageId));
        Assert.Equal(1, result.Batches);
    }

    [Fact]
    public async Task An_event_too_large_for_any_batch_does_not_cut_the_batch_it_arrives_at_short()
    {
        // The event's data fits the limit, its headers push it over: rejected, and the small events around it still
        // share one batch (the case a property run found: a send call spent on a batch that had room).
        var client = new FakeServiceBusClient(3072);
        var publisher = new ServiceBusPublisher(client, new EnvelopeEncoder());
        var events = Enumerable.Range(0, 5).Select(i => Event(i, "t", "p", 97)).Append(Event(5, "t", "p", 3000)).Append(Event(6, "t", "p", 97)).ToList();

        var result = await publisher.PublishAsync(events, CancellationToken.None);

        Assert.Equal("id-5", Assert.Single(result.Rejected).Event.Id);
        Assert.Equal(1, result.Batches);
        Assert.Equal(["id-0", "id-1", "id-2", "id-3", "id-4", "id-6"], client.Sent.Select(s => s.Message.MessageId));
    }

    [Fact]
    public async Task A_failed_send_throws_naming_the_topic()
    {
        var client = new FakeServiceBusClient { FailingSends = 1 };
        var publisher = new ServiceBusPublisher(client, new EnvelopeEncoder());

        var error = await Assert.ThrowsAsync<PublishFailedException>(() => publisher.PublishAsync([Event(1, "orders-cdc", "p", 10)], CancellationToken.None));

        Assert.Equal("orders-cdc", error.Topic);
        Assert.IsType<ServiceBusException>(error.InnerException);
        Assert.Empty(client.Sent);
    }

    [Fact]
    public async Task Disposing_the_publisher_closes_its_senders()
    {
        var client = new FakeServiceBusClient();
        var publisher = new ServiceBusPublisher(client, new EnvelopeEncoder());
        await publisher.PublishAsync([Event(1, "a", "p", 10)], CancellationToken.None);

        await publisher.DisposeAsync();

        Assert.True(client.Senders["a"].Closed);
    }
}

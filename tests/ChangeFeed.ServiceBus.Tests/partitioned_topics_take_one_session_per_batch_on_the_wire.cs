using Azure.Messaging.ServiceBus;
using ChangeFeed.Envelope;
using ChangeFeed.StandIns.ServiceBus;
using Xunit.Abstractions;
using static ChangeFeed.ServiceBus.Tests.TestEvents;

namespace ChangeFeed.ServiceBus.Tests;

/// <summary>
/// The real client against the Service Bus stand-in's partitioned topic, which refuses a batch of several partition
/// keys as the service does: the publisher told the topic is partitioned sends one session per batch and everything
/// arrives in each session's order; not told, its first mixed batch is refused and the error names the setting.
/// </summary>
public sealed class partitioned_topics_take_one_session_per_batch_on_the_wire(ITestOutputHelper output)
{
    private const string Topic = "orders-cdc";

    [Fact]
    public async Task the_publisher_told_the_topic_is_partitioned_delivers_every_event_in_session_order()
    {
        await using var standIn = await ServiceBusStandIn.StartAsync();
        var topic = standIn.AddTopic(Topic, duplicateDetectionWindow: TimeSpan.FromMinutes(10), partitioned: true);
        var events = Events();

        var result = await PublishAsync(standIn, events, PartitionedTopics.Of(Topic));

        var accepted = topic.AcceptedMessages;
        output.WriteLine($"FIGURES events {events.Count}, sessions {events.Select(e => e.PartitionKey).Distinct().Count()}, sent {result.Published}, "
            + $"send calls {result.Batches}, accepted {accepted.Count}, refused batches {topic.MixedBatchesRefused}");
        Assert.Equal(events.Count, result.Published);
        Assert.Empty(result.Rejected);
        Assert.Equal(0, topic.MixedBatchesRefused);
        Assert.Equal(events.Select(e => e.Id).Order(), accepted.Select(m => m.MessageId).Order());
        foreach (var session in events.GroupBy(e => e.PartitionKey))
            Assert.Equal(session.Select(e => e.Id), accepted.Where(m => m.SessionId == session.Key).Select(m => m.MessageId));
        Assert.InRange(result.Batches, events.Select(e => e.PartitionKey).Distinct().Count(), events.Count - 1);
    }

    [Fact]
    public async Task the_publisher_not_told_has_its_mixed_batch_refused_and_names_the_setting()
    {
        await using var standIn = await ServiceBusStandIn.StartAsync();
        var topic = standIn.AddTopic(Topic, duplicateDetectionWindow: TimeSpan.FromMinutes(10), partitioned: true);

        var error = await Assert.ThrowsAsync<PublishFailedException>(() => PublishAsync(standIn, Events(), PartitionedTopics.None));

        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Contains("Batching brokered messages with distinct SessionId", error.Message, StringComparison.Ordinal);
        Assert.Contains($"name it in {PartitionedTopics.Setting}", error.Message, StringComparison.Ordinal);
        Assert.Equal(Topic, error.Topic);
        Assert.Empty(topic.AcceptedMessages);
        Assert.Equal(1, topic.MixedBatchesRefused);
    }

    [Fact]
    public async Task a_mixed_batch_that_fails_for_another_reason_gets_no_partitioning_advice()
    {
        // The namespace is unreachable when a batch of several sessions goes out: that is all the error says.
        var client = new FakeServiceBusClient { FailingSends = 1 };
        await using var publisher = new ServiceBusPublisher(client, new EnvelopeEncoder());

        var error = await Assert.ThrowsAsync<PublishFailedException>(() => publisher.PublishAsync(Events(), CancellationToken.None));

        output.WriteLine(error.Message);
        Assert.IsType<ServiceBusException>(error.InnerException);
        Assert.DoesNotContain(PartitionedTopics.Setting, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("partitioned", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(Topic, error.Topic);
    }

    [Theory]
    [InlineData("Batching brokered messages with distinct SessionId or PartitionKey is not supported for an entity with partitioning enabled. TrackingId:1", true)]
    [InlineData("Batching brokered messages with distinct SessionId, PartitionKey, or MessageId is not supported for an entity with partitioning and duplicate detection enabled.", true)]
    [InlineData("The messaging entity 'sb://contoso.servicebus.windows.net/orders-cdc' could not be found.", false)]
    [InlineData("The operation did not complete within the allocated time.", false)]
    public void only_the_service_s_refusal_of_several_partition_keys_counts_as_one(string message, bool refusedForMixing)
    {
        Assert.Equal(refusedForMixing, Internal.TopicBatches.RefusedForMixingKeys(new InvalidOperationException(message)));
        Assert.Equal(refusedForMixing, Internal.TopicBatches.RefusedForMixingKeys(new ServiceBusException("outer", ServiceBusFailureReason.GeneralError, innerException: new InvalidOperationException(message))));
    }

    /// <summary>300 events over 12 sessions, interleaved, 1-30 KB: several batches per session at 256 KB.</summary>
    private static List<IntegrationEvent> Events() =>
        [.. Enumerable.Range(0, 300).Select(i => Event(i, Topic, $"customer-{i * 7 % 12}", 1_000 + (i * 7919 % 29_000)))];

    private static async Task<Publishing.PublishResult> PublishAsync(ServiceBusStandIn standIn, List<IntegrationEvent> events, PartitionedTopics partitioned)
    {
        await using var client = new ServiceBusClient(standIn.ConnectionString, new ServiceBusClientOptions
        {
            RetryOptions = new ServiceBusRetryOptions { Mode = ServiceBusRetryMode.Fixed, MaxRetries = 3, Delay = TimeSpan.FromMilliseconds(200), TryTimeout = TimeSpan.FromSeconds(10) },
        });
        await using var publisher = new ServiceBusPublisher(client, new EnvelopeEncoder(), partitionedTopics: partitioned);
        return await publisher.PublishAsync(events, CancellationToken.None);
    }
}

using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;
using ChangeFeed.Configuration;
using ChangeFeed.Envelope;
using ChangeFeed.Parking;
using ChangeFeed.Publishing;
using ChangeFeed.ServiceBus.Internal;

namespace ChangeFeed.ServiceBus;

/// <summary>
/// Publishes integration events to Service Bus topics: one reused sender per topic, messages packed into lists sent
/// with <see cref="ServiceBusSender.SendMessagesAsync(IEnumerable{ServiceBusMessage}, CancellationToken)"/> up to the limit
/// the namespace reports, sized without encoding them (decision 0029), filled across sessions but sent one
/// after another so that each session's (entity's) order is kept; order across sessions is not (decision 0004). On a
/// topic named in <see cref="PartitionedTopics"/> a batch holds one session only, as partitioned entities require. A
/// failed send throws after the client's own retries. An event too large for any batch travels by
/// <see cref="ClaimCheck"/> where its route and the configuration allow, and is rejected (to be parked) otherwise.
/// </summary>
public sealed class ServiceBusPublisher(ServiceBusClient client, EnvelopeEncoder encoder, ClaimCheck? claimCheck = null, PartitionedTopics? partitionedTopics = null)
    : IEventPublisher, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, TopicSender> senders = new(StringComparer.Ordinal);
    private int resent;
    private readonly ClaimCheck claimCheck = claimCheck ?? new ClaimCheck(encoder);
    private readonly PartitionedTopics partitioned = partitionedTopics ?? PartitionedTopics.None;

    public async Task<PublishResult> PublishAsync(IReadOnlyList<IntegrationEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var published = 0;
        var batches = 0;
        var claimChecked = 0;
        var rejected = new List<RejectedEvent>();
        foreach (var topic in events.GroupBy(e => e.Topic, StringComparer.Ordinal))
        {
            var sender = senders.GetOrAdd(topic.Key, name => new TopicSender(client.CreateSender(name)));
            var onePartitionKey = partitioned.Contains(topic.Key);
            var topicBatches = new TopicBatches(sender, onePartitionKey);

            // One session at a time where a batch may hold only one: each session's events in their order, and a batch
            // of a session is full before the next one starts.
            var ordered = onePartitionKey ? topic.GroupBy(e => e.PartitionKey, StringComparer.Ordinal).SelectMany(session => session) : topic;
            // A list sent again is counted even when a later send of the same publish fails.
            try
            {
                claimChecked += await AddAsync(topicBatches, ordered, rejected, cancellationToken);
                await topicBatches.FlushAsync(cancellationToken);
            }
            finally
            {
                Interlocked.Add(ref resent, topicBatches.Resent);
            }

            published += topicBatches.Published;
            batches += topicBatches.Sent;
        }

        return new PublishResult(published, batches, rejected) { ClaimChecked = claimChecked };
    }

    /// <summary>
    /// Adds each event's message to the topic's lists (sending the oldest as they fill); what cannot go is rejected.
    /// Returns how many went by claim check.
    /// </summary>
    private async Task<int> AddAsync(TopicBatches topicBatches, IEnumerable<IntegrationEvent> ordered, List<RejectedEvent> rejected, CancellationToken cancellationToken)
    {
        var claimChecked = 0;
        foreach (var integrationEvent in ordered)
        {
            // Encoding one event may throw for what its change holds: it is parked, the rest goes on (decision 0023).
            ServiceBusMessage message;
            try
            {
                message = encoder.Encode(integrationEvent);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                rejected.Add(new RejectedEvent(integrationEvent, Unrelayable.Reason("encoding", exception)) { ErrorType = Unrelayable.ErrorType(exception) });
                continue;
            }

            if (await topicBatches.AddAsync(message, cancellationToken))
                continue;

            // Too large even for an empty batch: unless its route parks such events, its data goes to the claim
            // check store first and a message that refers to it takes the event's place in its session's order.
            var reference = await claimCheck.ReferToAsync(integrationEvent, cancellationToken);
            if (reference is not null && await topicBatches.AddAsync(reference, cancellationToken))
            {
                claimChecked++;
                continue;
            }

            rejected.Add(new RejectedEvent(integrationEvent, TooLarge(integrationEvent, message, topicBatches.MaxSizeInBytes, byClaimCheck: reference is not null)));
        }

        return claimChecked;
    }

    /// <summary>
    /// Lists the client refused for their size (<see cref="ServiceBusFailureReason.MessageSizeExceeded"/>) and that were
    /// sent again through its own batches: zero while the size bound holds (decision 0029).
    /// </summary>
    public int Resent => Volatile.Read(ref resent);

    public async ValueTask DisposeAsync()
    {
        foreach (var sender in senders.Values)
            await sender.Sender.DisposeAsync();
        senders.Clear();
    }

    private static string TooLarge(IntegrationEvent integrationEvent, ServiceBusMessage message, long limit, bool byClaimCheck)
    {
        var what = $"event {integrationEvent.Id} ({integrationEvent.Type}) is too large for Service Bus topic '{integrationEvent.Topic}': ";
        if (byClaimCheck)
            return what + $"even by claim check (data in blob storage), its attributes and properties do not fit in an empty batch of {limit} bytes";

        var why = integrationEvent.LargeEvents == LargeEventHandling.Park ? "its route's LargeEvents is park" : "no claim check store is configured";
        return what + $"{message.Body.ToMemory().Length} bytes of data plus headers do not fit in an empty batch of {limit} bytes; {why} (docs/large-events.md)";
    }
}

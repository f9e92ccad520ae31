using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;
using ChangeFeed.Configuration;
using ChangeFeed.Envelope;
using ChangeFeed.Publishing;

namespace ChangeFeed.ServiceBus;

/// <summary>
/// Publishes integration events to Service Bus topics: one reused sender per topic, messages packed into
/// <see cref="ServiceBusMessageBatch"/>es up to the limit the namespace reports, batches sent one after another so
/// that order per topic (and so per session) is kept. A failed send throws after the client's own retries. An event
/// too large for any batch travels by <see cref="ClaimCheck"/> where its route and the configuration allow, and is
/// rejected (to be parked) otherwise.
/// </summary>
public sealed class ServiceBusPublisher(ServiceBusClient client, EnvelopeEncoder encoder, ClaimCheck? claimCheck = null) : IEventPublisher, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ServiceBusSender> senders = new(StringComparer.Ordinal);
    private readonly ClaimCheck claimCheck = claimCheck ?? new ClaimCheck(encoder);

    public async Task<PublishResult> PublishAsync(IReadOnlyList<IntegrationEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var published = 0;
        var batches = 0;
        var rejected = new List<RejectedEvent>();
        foreach (var topic in events.GroupBy(e => e.Topic, StringComparer.Ordinal))
        {
            var sender = senders.GetOrAdd(topic.Key, client.CreateSender);
            var batch = await sender.CreateMessageBatchAsync(cancellationToken);
            try
            {
                foreach (var integrationEvent in topic)
                {
                    var message = encoder.Encode(integrationEvent);
                    if (await AddAsync(message))
                        continue;

                    // Too large even for an empty batch: unless its route parks such events, its data goes to the claim
                    // check store first and a message that refers to it takes the event's place in the order.
                    var reference = await claimCheck.ReferToAsync(integrationEvent, cancellationToken);
                    if (reference is not null && await AddAsync(reference))
                        continue;

                    rejected.Add(new RejectedEvent(integrationEvent, TooLarge(integrationEvent, message, batch.MaxSizeInBytes, byClaimCheck: reference is not null)));
                }

                if (batch.Count > 0)
                {
                    await SendAsync(sender, batch, cancellationToken);
                    published += batch.Count;
                    batches++;
                }
            }
            finally
            {
                batch.Dispose();
            }

            // Adds the message to the batch. When the batch is full, the next batch is tried before the full one is
            // sent: a message too large even for an empty batch does not cut the current batch short (no extra send).
            async Task<bool> AddAsync(ServiceBusMessage message)
            {
                if (batch.TryAddMessage(message))
                    return true;

                var next = batch.Count > 0 ? await sender.CreateMessageBatchAsync(cancellationToken) : null;
                if (next is null || !next.TryAddMessage(message))
                {
                    next?.Dispose();
                    return false;
                }

                try
                {
                    await SendAsync(sender, batch, cancellationToken);
                }
                catch
                {
                    next.Dispose();
                    throw;
                }

                published += batch.Count;
                batches++;
                batch.Dispose();
                batch = next;
                return true;
            }
        }

        return new PublishResult(published, batches, rejected);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var sender in senders.Values)
            await sender.DisposeAsync();
        senders.Clear();
    }

    private static async Task SendAsync(ServiceBusSender sender, ServiceBusMessageBatch batch, CancellationToken cancellationToken)
    {
        try
        {
            await sender.SendMessagesAsync(batch, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new PublishFailedException(sender.EntityPath, batch.Count, exception);
        }
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

using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;
using ChangeFeed.Envelope;
using ChangeFeed.Publishing;

namespace ChangeFeed.ServiceBus;

/// <summary>
/// Publishes integration events to Service Bus topics: one reused sender per topic, messages packed into
/// <see cref="ServiceBusMessageBatch"/>es up to the limit the namespace reports, batches sent one after another so
/// that order per topic (and so per session) is kept. A failed send throws after the client's own retries.
/// </summary>
public sealed class ServiceBusPublisher(ServiceBusClient client, EnvelopeEncoder encoder) : IEventPublisher, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ServiceBusSender> senders = new(StringComparer.Ordinal);

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
                    if (batch.TryAddMessage(message))
                        continue;

                    // The next batch is tried before the full one is sent: a message too large even for an empty
                    // batch is rejected without cutting the current batch short (no extra send call).
                    var next = batch.Count > 0 ? await sender.CreateMessageBatchAsync(cancellationToken) : null;
                    if (next is not null && next.TryAddMessage(message))
                    {
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
                        continue;
                    }

                    next?.Dispose();
                    rejected.Add(new RejectedEvent(integrationEvent, TooLarge(integrationEvent, message, batch.MaxSizeInBytes)));
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

    private static string TooLarge(IntegrationEvent integrationEvent, ServiceBusMessage message, long limit) =>
        $"event {integrationEvent.Id} ({integrationEvent.Type}) is too large for Service Bus topic '{integrationEvent.Topic}': "
        + $"{message.Body.ToMemory().Length} bytes of data plus headers do not fit in an empty batch of {limit} bytes";
}

using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;
using ChangeFeed.Testing;

namespace ChangeFeed.Benchmarks;

/// <summary>
/// A <see cref="ServiceBusClient"/> whose senders count send calls and bytes instead of talking to a broker, doing
/// what the client does before a send reaches the wire (<see cref="ClientAmqp"/>): its own batches (which encode each
/// message to size it), the batch envelope each send builds and checks against the limit, a list over the limit
/// refused with <see cref="ServiceBusFailureReason.MessageSizeExceeded"/>. So the publisher's cost includes the client's.
/// </summary>
public sealed class CountingServiceBusClient(long batchLimit) : ServiceBusClient
{
    public ConcurrentDictionary<string, CountingSender> Senders { get; } = new(StringComparer.Ordinal);

    public override ServiceBusSender CreateSender(string queueOrTopicName) =>
        Senders.GetOrAdd(queueOrTopicName, name => new CountingSender(name, batchLimit));

    /// <summary>Send calls of filling the client's own batch one at a time, in order: until the next message does not fit.</summary>
    public static int InOrderSends(IEnumerable<ServiceBusMessage> messages, long limit)
    {
        var (sends, batch) = (0, ClientAmqp.NewTransportBatch(limit));
        foreach (var message in messages)
        {
            if (ClientAmqp.TryAdd(batch, message))
                continue;
            (sends, batch) = (sends + 1, ClientAmqp.NewTransportBatch(limit));
            if (!ClientAmqp.TryAdd(batch, message))
                throw new InvalidOperationException($"{message.MessageId} does not fit an empty batch of {limit} bytes");
        }

        return ClientAmqp.SizeInBytes(batch) > 0 ? sends + 1 : sends;
    }
}

public sealed class CountingSender(string topic, long batchLimit) : ServiceBusSender
{
    public override string EntityPath => topic;

    public int Calls { get; private set; }

    public long Messages { get; private set; }

    /// <summary>The size of what was sent: each send's envelope as the client builds it.</summary>
    public long Bytes { get; private set; }

    public override ValueTask<ServiceBusMessageBatch> CreateMessageBatchAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(ClientAmqp.NewBatch(batchLimit));

    public override Task SendMessagesAsync(ServiceBusMessageBatch messageBatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageBatch);
        Record(messageBatch.Count, ClientAmqp.EnvelopeSize(messageBatch));
        return Task.CompletedTask;
    }

    public override Task SendMessagesAsync(IEnumerable<ServiceBusMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IReadOnlyCollection<ServiceBusMessage> ?? [.. messages];
        ClientAmqp.Instrument(list);
        var size = ClientAmqp.EnvelopeSize(list);
        if (size > batchLimit)
            throw ClientAmqp.SizeExceeded(size, batchLimit, topic);
        Record(list.Count, size);
        return Task.CompletedTask;
    }

    public override Task SendMessageAsync(ServiceBusMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return SendMessagesAsync([message], cancellationToken);
    }

    public override Task CloseAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    private void Record(int messages, long bytes)
    {
        Calls++;
        Messages += messages;
        Bytes += bytes;
    }
}

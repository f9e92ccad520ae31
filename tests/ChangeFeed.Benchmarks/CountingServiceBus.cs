using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Azure.Messaging.ServiceBus;

namespace ChangeFeed.Benchmarks;

/// <summary>
/// A <see cref="ServiceBusClient"/> whose senders count send calls and bytes instead of talking to a broker, built on
/// the SDK's seams like the ServiceBus tests' fake (<see cref="ServiceBusModelFactory.ServiceBusMessageBatch"/>).
/// </summary>
public sealed class CountingServiceBusClient(long batchLimit) : ServiceBusClient
{
    public ConcurrentDictionary<string, CountingSender> Senders { get; } = new(StringComparer.Ordinal);

    public override ServiceBusSender CreateSender(string queueOrTopicName) =>
        Senders.GetOrAdd(queueOrTopicName, name => new CountingSender(name, batchLimit));

    /// <summary>A stand-in for the AMQP size of a message (the ServiceBus tests' measure): body, headers, properties, fixed overhead.</summary>
    public static long SizeOf(ServiceBusMessage message)
    {
        long size = 64 + message.Body.ToMemory().Length;
        size += (message.MessageId?.Length ?? 0) + (message.SessionId?.Length ?? 0) + (message.Subject?.Length ?? 0) + (message.ContentType?.Length ?? 0);
        foreach (var (key, value) in message.ApplicationProperties)
            size += key.Length + (value?.ToString()?.Length ?? 0) + 8;
        return size;
    }
}

public sealed class CountingSender(string topic, long batchLimit) : ServiceBusSender
{
    private readonly ConditionalWeakTable<ServiceBusMessageBatch, StrongBox<long>> sizes = [];

    public override string EntityPath => topic;

    public int Calls { get; private set; }

    public long Messages { get; private set; }

    public long Bytes { get; private set; }

    public override ValueTask<ServiceBusMessageBatch> CreateMessageBatchAsync(CancellationToken cancellationToken = default)
    {
        var size = new StrongBox<long>();
        var batch = ServiceBusModelFactory.ServiceBusMessageBatch(0, [], new CreateMessageBatchOptions { MaxSizeInBytes = batchLimit }, message =>
        {
            var next = CountingServiceBusClient.SizeOf(message);
            if (size.Value + next > batchLimit)
                return false;
            size.Value += next;
            return true;
        });
        sizes.Add(batch, size);
        return ValueTask.FromResult(batch);
    }

    public override Task SendMessagesAsync(ServiceBusMessageBatch messageBatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageBatch);
        Record(messageBatch.Count, sizes.TryGetValue(messageBatch, out var size) ? size.Value : throw new InvalidOperationException("not a batch of this sender"));
        return Task.CompletedTask;
    }

    public override Task SendMessageAsync(ServiceBusMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        Record(1, CountingServiceBusClient.SizeOf(message));
        return Task.CompletedTask;
    }

    public override Task CloseAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    private void Record(int messages, long bytes)
    {
        Calls++;
        Messages += messages;
        Bytes += bytes;
    }
}

using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Azure.Messaging.ServiceBus;

namespace ChangeFeed.ServiceBus.Tests;

/// <summary>
/// A <see cref="ServiceBusClient"/> whose senders capture what is sent instead of talking to a broker, built on the
/// SDK's own seams (virtual members, <see cref="ServiceBusModelFactory.ServiceBusMessageBatch"/>).
/// </summary>
internal sealed class FakeServiceBusClient(long batchLimit = 256 * 1024) : ServiceBusClient
{
    public ConcurrentDictionary<string, FakeSender> Senders { get; } = new(StringComparer.Ordinal);

    public int SendersCreated { get; private set; }

    /// <summary>Sends fail while this is above zero, counting down one per failed send.</summary>
    public int FailingSends { get; set; }

    /// <summary>Every message sent, in send order, over all topics.</summary>
    public List<(string Topic, ServiceBusMessage Message)> Sent { get; } = [];

    public override ServiceBusSender CreateSender(string queueOrTopicName)
    {
        SendersCreated++;
        return Senders.GetOrAdd(queueOrTopicName, name => new FakeSender(this, name, batchLimit));
    }

    /// <summary>A stand-in for the AMQP size of a message: body, headers and properties, plus a fixed overhead.</summary>
    public static long SizeOf(ServiceBusMessage message)
    {
        long size = 64 + message.Body.ToMemory().Length;
        size += (message.MessageId?.Length ?? 0) + (message.SessionId?.Length ?? 0) + (message.Subject?.Length ?? 0) + (message.ContentType?.Length ?? 0);
        foreach (var (key, value) in message.ApplicationProperties)
            size += key.Length + (value?.ToString()?.Length ?? 0) + 8;
        return size;
    }

    internal void Record(string topic, IEnumerable<ServiceBusMessage> messages)
    {
        if (FailingSends > 0)
        {
            FailingSends--;
            throw new ServiceBusException("the namespace is unreachable (test)", ServiceBusFailureReason.ServiceCommunicationProblem);
        }

        lock (Sent)
            Sent.AddRange(messages.Select(m => (topic, m)));
    }
}

internal sealed class FakeSender(FakeServiceBusClient client, string topic, long batchLimit) : ServiceBusSender
{
    private readonly ConditionalWeakTable<ServiceBusMessageBatch, List<ServiceBusMessage>> stores = [];

    public override string EntityPath => topic;

    /// <summary>The batches sent, each with its messages and the size the batch accounted for.</summary>
    public List<(IReadOnlyList<ServiceBusMessage> Messages, long Size)> Batches { get; } = [];

    public override ValueTask<ServiceBusMessageBatch> CreateMessageBatchAsync(CancellationToken cancellationToken = default)
    {
        var store = new List<ServiceBusMessage>();
        long size = 0;
        var batch = ServiceBusModelFactory.ServiceBusMessageBatch(0, store, new CreateMessageBatchOptions { MaxSizeInBytes = batchLimit }, message =>
        {
            var next = FakeServiceBusClient.SizeOf(message);
            if (size + next > batchLimit)
                return false;
            size += next;
            return true;
        });
        stores.Add(batch, store);
        return ValueTask.FromResult(batch);
    }

    public override Task SendMessagesAsync(ServiceBusMessageBatch messageBatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageBatch);
        var messages = stores.TryGetValue(messageBatch, out var store) ? store.ToArray() : throw new InvalidOperationException("not a batch of this sender");
        client.Record(topic, messages);
        Batches.Add((messages, messages.Sum(FakeServiceBusClient.SizeOf)));
        return Task.CompletedTask;
    }

    public override Task SendMessagesAsync(IEnumerable<ServiceBusMessage> messages, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("the publisher must send batches, never a list of messages");

    public override Task SendMessageAsync(ServiceBusMessage message, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("the publisher must send batches, never one message at a time");

    public bool Closed { get; private set; }

    public override Task CloseAsync(CancellationToken cancellationToken = default)
    {
        Closed = true;
        return Task.CompletedTask;
    }
}

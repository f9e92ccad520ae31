using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Azure.Messaging.ServiceBus;
using ChangeFeed.Testing;

namespace ChangeFeed.ServiceBus.Tests;

/// <summary>
/// A <see cref="ServiceBusClient"/> whose senders capture what is sent instead of talking to a broker, built on the
/// SDK's own seams (virtual members, <see cref="ServiceBusModelFactory.ServiceBusMessageBatch"/>).
/// </summary>
/// <param name="batchLimit">The limit the sender's batches report (the link's).</param>
/// <param name="sendLimit">The limit a list sent is checked against; by default the same (a link attached again may report less).</param>
internal sealed class FakeServiceBusClient(long batchLimit = 256 * 1024, long? sendLimit = null) : ServiceBusClient
{
    public ConcurrentDictionary<string, FakeSender> Senders { get; } = new(StringComparer.Ordinal);

    public int SendersCreated { get; private set; }

    /// <summary>Sends fail while this is above zero, counting down one per failed send.</summary>
    public int FailingSends { get; set; }

    /// <summary>Sends that succeed before every later one fails (null: none fails this way).</summary>
    public int? SendsBeforeOutage { get; set; }

    /// <summary>Every message sent, in send order, over all topics.</summary>
    public List<(string Topic, ServiceBusMessage Message)> Sent { get; } = [];

    public override ServiceBusSender CreateSender(string queueOrTopicName)
    {
        SendersCreated++;
        return Senders.GetOrAdd(queueOrTopicName, name => new FakeSender(this, name, batchLimit, sendLimit ?? batchLimit));
    }

    /// <summary>What the client counts for the message alone in an empty batch: more than that never fits.</summary>
    public static long SizeOf(ServiceBusMessage message) => ClientAmqp.SizeAlone(message);

    /// <summary>What the message adds to a batch after the first: its AMQP encoding and the data section around it.</summary>
    public static long SizeInBatch(ServiceBusMessage message)
    {
        var encoded = ClientAmqp.EncodedSize(message);
        return encoded + (encoded <= 255 ? 5 : 8);
    }

    internal void Record(string topic, IEnumerable<ServiceBusMessage> messages)
    {
        if (FailingSends > 0)
        {
            FailingSends--;
            throw new ServiceBusException("the namespace is unreachable (test)", ServiceBusFailureReason.ServiceCommunicationProblem);
        }

        if (SendsBeforeOutage is { } left)
        {
            if (left == 0)
                throw new ServiceBusException("the namespace became unreachable (test)", ServiceBusFailureReason.ServiceCommunicationProblem);
            SendsBeforeOutage = left - 1;
        }

        lock (Sent)
            Sent.AddRange(messages.Select(m => (topic, m)));
    }
}

/// <summary>
/// A sender that sizes and refuses as the client does: its batches are the client's own <c>AmqpMessageBatch</c> behind
/// the SDK's model factory (which keeps the messages for the test to see), and a list sent with
/// <see cref="SendMessagesAsync(IEnumerable{ServiceBusMessage}, CancellationToken)"/> is instrumented, built into the
/// client's batch envelope and refused over the limit with <see cref="ServiceBusFailureReason.MessageSizeExceeded"/>.
/// </summary>
internal sealed class FakeSender(FakeServiceBusClient client, string topic, long batchLimit, long sendLimit) : ServiceBusSender
{
    private readonly ConditionalWeakTable<ServiceBusMessageBatch, Tuple<List<ServiceBusMessage>, IDisposable>> stores = [];

    public override string EntityPath => topic;

    /// <summary>The sends that went through, each with its messages and the size the client counted for it.</summary>
    public List<(IReadOnlyList<ServiceBusMessage> Messages, long Size)> Batches { get; } = [];

    /// <summary>Lists refused for their size, as the client refuses them.</summary>
    public int SizeRefusals { get; private set; }

    public int BatchesCreated { get; private set; }

    public override ValueTask<ServiceBusMessageBatch> CreateMessageBatchAsync(CancellationToken cancellationToken = default)
    {
        BatchesCreated++;
        var store = new List<ServiceBusMessage>();
        var sized = ClientAmqp.NewTransportBatch(batchLimit);
        var batch = ServiceBusModelFactory.ServiceBusMessageBatch(0, store, new CreateMessageBatchOptions { MaxSizeInBytes = batchLimit }, message => ClientAmqp.TryAdd(sized, message));
        stores.Add(batch, Tuple.Create(store, sized));
        return ValueTask.FromResult(batch);
    }

    public override Task SendMessagesAsync(ServiceBusMessageBatch messageBatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageBatch);
        var (store, sized) = stores.TryGetValue(messageBatch, out var kept) ? (kept.Item1, kept.Item2) : throw new InvalidOperationException("not a batch of this sender");
        var messages = store.ToArray();
        client.Record(topic, messages);
        Batches.Add((messages, ClientAmqp.SizeInBytes(sized)));
        return Task.CompletedTask;
    }

    public override Task SendMessagesAsync(IEnumerable<ServiceBusMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages.ToArray();
        if (list.Length == 0)
            return Task.CompletedTask;
        ClientAmqp.Instrument(list);
        var size = ClientAmqp.EnvelopeSize(list);
        if (size > sendLimit)
        {
            SizeRefusals++;
            throw ClientAmqp.SizeExceeded(size, sendLimit, topic);
        }

        client.Record(topic, list);
        Batches.Add((list, size));
        return Task.CompletedTask;
    }

    public override Task SendMessageAsync(ServiceBusMessage message, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("the publisher must send lists or batches, never one message at a time");

    public bool Closed { get; private set; }

    public override Task CloseAsync(CancellationToken cancellationToken = default)
    {
        Closed = true;
        return Task.CompletedTask;
    }
}

using Azure.Messaging.ServiceBus;

namespace ChangeFeed.ServiceBus.Internal;

/// <summary>
/// Packs one topic's messages into as few batches as each session's order allows (decision 0004). Up to
/// <see cref="MaxOpen"/> batches are filled at once; a message goes into the earliest of them that has room and comes
/// no earlier than its session's previous message (so a small event of one entity fills the gap a large event of
/// another left), else into a new batch. Batches are sent one after another in the order they were opened, so each
/// session's messages reach the topic in order; order across sessions is not kept. On a partitioned topic a batch
/// holds one partition key only. This never takes more send calls than filling one batch at a time in order would.
/// </summary>
internal sealed class TopicBatches(ServiceBusSender sender, bool partitioned) : IDisposable
{
    /// <summary>Batches filled at once: enough to reach ⌈bytes / limit⌉ + 1 sends on mixed sizes (docs/benchmarks.md).</summary>
    public const int MaxOpen = 4;

    private readonly List<OpenBatch> open = new(MaxOpen);
    private readonly Dictionary<string, long> lastBatchOfSession = new(StringComparer.Ordinal);
    private ServiceBusMessageBatch? spare;
    private long opened;

    /// <summary>Messages sent so far.</summary>
    public int Published { get; private set; }

    /// <summary>Send calls made so far.</summary>
    public int Sent { get; private set; }

    /// <summary>The largest batch the topic takes, known once a batch was created.</summary>
    public long MaxSizeInBytes { get; private set; }

    /// <summary>
    /// Adds the message; may send the oldest batch to make room for a new one. False when the message does not fit even
    /// an empty batch: then nothing was sent for it.
    /// </summary>
    public async Task<bool> AddAsync(ServiceBusMessage message, CancellationToken cancellationToken)
    {
        var session = message.SessionId ?? string.Empty;
        var key = PartitionKey(message);
        var earliest = lastBatchOfSession.GetValueOrDefault(session, long.MinValue);
        var bodyLength = message.Body.ToMemory().Length;
        foreach (var batch in open)
        {
            if (batch.Number < earliest || (partitioned && batch.Key != key))
                continue;
            // No room for the body alone: skip the batch without sizing the message again (the client serialises it
            // to size it); SizeInBytes never overstates what the batch holds.
            if (batch.Messages.MaxSizeInBytes - batch.Messages.SizeInBytes < bodyLength || !batch.Messages.TryAddMessage(message))
                continue;

            batch.Hold(key);
            lastBatchOfSession[session] = batch.Number;
            return true;
        }

        // A new batch is tried before any is sent: a message too large even for an empty one sends nothing.
        var empty = spare ?? await sender.CreateMessageBatchAsync(cancellationToken).ConfigureAwait(false);
        spare = null;
        MaxSizeInBytes = empty.MaxSizeInBytes;
        if (!empty.TryAddMessage(message))
        {
            spare = empty;
            return false;
        }

        var added = new OpenBatch(empty, ++opened, key);
        if (open.Count == MaxOpen)
        {
            try
            {
                await SendOldestAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                added.Messages.Dispose();
                throw;
            }
        }

        open.Add(added);
        lastBatchOfSession[session] = added.Number;
        return true;
    }

    /// <summary>Sends every batch still open, oldest first.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        while (open.Count > 0)
            await SendOldestAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        foreach (var batch in open)
            batch.Messages.Dispose();
        open.Clear();
        spare?.Dispose();
        spare = null;
    }

    /// <summary>
    /// What Service Bus partitions by: the session id when set (the publisher always sets it), else the partition key,
    /// else the message id (which duplicate detection uses when neither is set).
    /// </summary>
    private static string? PartitionKey(ServiceBusMessage message) => message.SessionId ?? message.PartitionKey ?? message.MessageId;

    private async Task SendOldestAsync(CancellationToken cancellationToken)
    {
        var oldest = open[0];
        try
        {
            await sender.SendMessagesAsync(oldest.Messages, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new PublishFailedException(sender.EntityPath, oldest.Messages.Count, exception, oldest.MixesKeys && RefusedForMixingKeys(exception) ? PartitionedAdvice(sender.EntityPath) : null);
        }

        open.RemoveAt(0);
        Published += oldest.Messages.Count;
        Sent++;
        oldest.Messages.Dispose();
    }

    /// <summary>
    /// Whether the service refused the batch for holding several partition keys: it says so (<c>amqp:not-allowed</c>,
    /// which the client raises as <see cref="InvalidOperationException"/>, "Batching brokered messages with distinct
    /// SessionId ..."). Any other failure of a mixed batch (a deleted topic, a lost connection) gets no such advice.
    /// </summary>
    internal static bool RefusedForMixingKeys(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current.Message.Contains("Batching brokered messages with distinct", StringComparison.OrdinalIgnoreCase))
                return true;
        }

        return false;
    }

    /// <summary>What a refused batch of several partition keys means, and what to change.</summary>
    private static string PartitionedAdvice(string topic) =>
        $"The batch held messages of several sessions, which a partitioned topic (a Standard topic with partitioning, or any topic of a Premium namespace "
        + $"with partitions) refuses. '{topic}' is partitioned: name it in {PartitionedTopics.Setting} (or set * for every topic) "
        + "so that each batch holds one session (docs/scale.md, partitioned Service Bus entities).";

    private sealed class OpenBatch(ServiceBusMessageBatch messages, long number, string? key)
    {
        public ServiceBusMessageBatch Messages { get; } = messages;

        public long Number { get; } = number;

        /// <summary>The partition key of the batch's first message.</summary>
        public string? Key { get; } = key;

        /// <summary>Whether messages of more than one partition key were added.</summary>
        public bool MixesKeys { get; private set; }

        public void Hold(string? key) => MixesKeys |= !string.Equals(key, Key, StringComparison.Ordinal);
    }
}

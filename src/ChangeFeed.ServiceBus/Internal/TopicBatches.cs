using System.Diagnostics;
using Azure.Messaging.ServiceBus;

namespace ChangeFeed.ServiceBus.Internal;

/// <summary>
/// Packs one topic's messages into as few sends as each session's order allows (decision 0004). Up to
/// <see cref="MaxOpen"/> lists are filled at once; a message goes into the earliest of them that has room and comes
/// no earlier than its session's previous message (so a small event of one entity fills the gap a large event of
/// another left), else into a new list. Lists are sent one after another in the order they were opened, so each
/// session's messages reach the topic in order; order across sessions is not kept. On a partitioned topic a list
/// holds one partition key only. This never takes more send calls than filling one batch at a time in order would.
/// Room is counted with <see cref="EncodedSize"/>, an upper bound of what the client counts, so that each message is
/// encoded once, when it is sent (decision 0029); the client's own batch decides where the bound cannot (a message near
/// the limit alone, or one the bound does not model), and the client's own size check on the send stays the judge.
/// </summary>
internal sealed class TopicBatches(TopicSender topic, bool partitioned)
{
    /// <summary>Lists filled at once: enough to reach ⌈bytes / limit⌉ + 1 sends on mixed sizes (docs/benchmarks.md).</summary>
    public const int MaxOpen = 4;

    /// <summary>The widest data section prefix a batch puts before a message.</summary>
    private const int DataSectionPrefix = 8;

    private readonly List<OpenList> open = new(MaxOpen);
    private readonly Dictionary<string, long> lastBatchOfSession = new(StringComparer.Ordinal);
    private TraceContext? traceContext = TraceContext.For(Activity.Current, topic.ClientStartsActivities);
    private long opened;

    /// <summary>Messages sent so far.</summary>
    public int Published { get; private set; }

    /// <summary>Send calls made so far (that succeeded).</summary>
    public int Sent { get; private set; }

    /// <summary>Lists the client refused for their size and that were sent again through its own batches.</summary>
    public int Resent { get; private set; }

    /// <summary>The largest batch the topic takes.</summary>
    public long MaxSizeInBytes { get; private set; }

    /// <summary>
    /// Adds the message; may send the oldest list to make room for a new one. False when the message does not fit even
    /// an empty batch (the client's own batch says so): then nothing was sent for it.
    /// </summary>
    public async Task<bool> AddAsync(ServiceBusMessage message, CancellationToken cancellationToken)
    {
        MaxSizeInBytes = await topic.MaxSizeInBytesAsync(cancellationToken).ConfigureAwait(false);
        var session = message.SessionId ?? string.Empty;
        var key = PartitionKey(message);
        var earliest = lastBatchOfSession.GetValueOrDefault(session, long.MinValue);

        // What the message adds to a list at most. Where it might not fit even alone, or the bound does not model it,
        // the client sizes it in an empty batch of its own (encoding it): what the client accepts is never refused.
        var envelope = EncodedSize.Envelope(message);
        if (EncodedSize.InBatch(message, traceContext) is not { } size || envelope + size + DataSectionPrefix > MaxSizeInBytes)
        {
            if (await SizeAloneAsync(message, cancellationToken).ConfigureAwait(false) is not { } alone)
                return false;
            size = alone;
        }

        foreach (var list in open)
        {
            if (list.Number < earliest || (partitioned && list.Key != key) || list.Size + size > MaxSizeInBytes)
                continue;
            list.Add(message, size, key);
            lastBatchOfSession[session] = list.Number;
            return true;
        }

        // Decided before anything is sent: a message too large even for an empty batch sends nothing.
        var added = new OpenList(++opened, key, envelope);
        added.Add(message, size, key);
        if (open.Count == MaxOpen)
            await SendOldestAsync(cancellationToken).ConfigureAwait(false);
        open.Add(added);
        lastBatchOfSession[session] = added.Number;
        return true;
    }

    /// <summary>Sends every list still open, oldest first.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        while (open.Count > 0)
            await SendOldestAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// What Service Bus partitions by: the session id when set (the publisher always sets it), else the partition key,
    /// else the message id (which duplicate detection uses when neither is set).
    /// </summary>
    private static string? PartitionKey(ServiceBusMessage message) => message.SessionId ?? message.PartitionKey ?? message.MessageId;

    /// <summary>
    /// The size the client counts for the message alone in an empty batch (at least what it adds to any list), or null
    /// when it does not fit.
    /// </summary>
    private async Task<long?> SizeAloneAsync(ServiceBusMessage message, CancellationToken cancellationToken)
    {
        using var batch = await NewBatchAsync(cancellationToken).ConfigureAwait(false);
        return batch.TryAddMessage(message) ? batch.SizeInBytes : null;
    }

    private async Task<ServiceBusMessageBatch> NewBatchAsync(CancellationToken cancellationToken)
    {
        var batch = await topic.Sender.CreateMessageBatchAsync(cancellationToken).ConfigureAwait(false);
        topic.Learn(batch.MaxSizeInBytes);
        MaxSizeInBytes = batch.MaxSizeInBytes;
        return batch;
    }

    private async Task SendOldestAsync(CancellationToken cancellationToken)
    {
        var oldest = open[0];
        try
        {
            await topic.Sender.SendMessagesAsync(oldest.Messages, cancellationToken).ConfigureAwait(false);
            Sent++;
        }
        catch (ServiceBusException exception) when (exception.Reason == ServiceBusFailureReason.MessageSizeExceeded)
        {
            // The client (or the service) measured the list over the limit: it is the judge. The same messages go again
            // in the same order through the client's own batches; nothing of the list was sent.
            Resent++;
            await SendThroughBatchesAsync(oldest, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw Failed(oldest.Messages.Count, exception, oldest.MixesKeys);
        }

        open.RemoveAt(0);
        Published += oldest.Messages.Count;
        if (traceContext is null && oldest.Untraced?.ApplicationProperties.ContainsKey(TraceContext.DiagnosticId) == true)
        {
            topic.SawClientActivity();
            traceContext = TraceContext.For(Activity.Current, clientStartsActivities: true);
        }
    }

    private async Task SendThroughBatchesAsync(OpenList list, CancellationToken cancellationToken)
    {
        var batch = await NewBatchAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var message in list.Messages)
            {
                if (batch.TryAddMessage(message))
                    continue;
                if (batch.Count > 0)
                {
                    await SendAsync(batch, list.MixesKeys, cancellationToken).ConfigureAwait(false);
                    batch.Dispose();
                    batch = await NewBatchAsync(cancellationToken).ConfigureAwait(false);
                }

                if (!batch.TryAddMessage(message))
                {
                    throw new PublishFailedException(
                        $"Message {message.MessageId} for Service Bus topic '{topic.Sender.EntityPath}' fitted an empty batch when it was sized but no longer does "
                        + $"({batch.MaxSizeInBytes} bytes); the change feed batch will be retried.");
                }
            }

            if (batch.Count > 0)
                await SendAsync(batch, list.MixesKeys, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            batch.Dispose();
        }
    }

    private async Task SendAsync(ServiceBusMessageBatch batch, bool mixesKeys, CancellationToken cancellationToken)
    {
        try
        {
            await topic.Sender.SendMessagesAsync(batch, cancellationToken).ConfigureAwait(false);
            Sent++;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw Failed(batch.Count, exception, mixesKeys);
        }
    }

    private PublishFailedException Failed(int messages, Exception exception, bool mixesKeys) =>
        new(topic.Sender.EntityPath, messages, exception, mixesKeys && RefusedForMixingKeys(exception) ? PartitionedAdvice(topic.Sender.EntityPath) : null);

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

    /// <summary>A list being filled: its messages in order, and the size the client will count for it at most.</summary>
    private sealed class OpenList(long number, string? key, long envelope)
    {
        public List<ServiceBusMessage> Messages { get; } = [];

        public long Number { get; } = number;

        /// <summary>The partition key of the list's first message.</summary>
        public string? Key { get; } = key;

        /// <summary>The envelope's own size and what each message adds, at most.</summary>
        public long Size { get; private set; } = envelope;

        /// <summary>Whether messages of more than one partition key were added.</summary>
        public bool MixesKeys { get; private set; }

        /// <summary>A message without trace context of its own: after the send it shows whether the client added one.</summary>
        public ServiceBusMessage? Untraced { get; private set; }

        public void Add(ServiceBusMessage message, long size, string? messageKey)
        {
            Messages.Add(message);
            Size += size;
            MixesKeys |= !string.Equals(messageKey, Key, StringComparison.Ordinal);
            if (Untraced is null && !message.ApplicationProperties.ContainsKey(TraceContext.DiagnosticId) && !message.ApplicationProperties.ContainsKey(TraceContext.TraceParent))
                Untraced = message;
        }
    }
}

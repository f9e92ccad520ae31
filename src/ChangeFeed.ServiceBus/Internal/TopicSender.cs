using Azure.Messaging.ServiceBus;

namespace ChangeFeed.ServiceBus.Internal;

/// <summary>
/// One topic's reused sender, with what the publisher learns about it once: the largest batch it takes (from the first
/// batch the client creates, <see cref="ServiceBusMessageBatch.MaxSizeInBytes"/>: the link's limit), and whether the
/// client adds trace context to the messages it sends.
/// </summary>
internal sealed class TopicSender(ServiceBusSender sender)
{
    private long maxSizeInBytes;
    private volatile bool clientStartsActivities;

    public ServiceBusSender Sender { get; } = sender;

    /// <summary>Whether the client was seen adding <c>Diagnostic-Id</c> to a message that had none.</summary>
    public bool ClientStartsActivities => clientStartsActivities;

    /// <summary>The largest batch the topic takes; asks the client once.</summary>
    public async ValueTask<long> MaxSizeInBytesAsync(CancellationToken cancellationToken)
    {
        var known = Interlocked.Read(ref maxSizeInBytes);
        if (known > 0)
            return known;
        using var batch = await Sender.CreateMessageBatchAsync(cancellationToken).ConfigureAwait(false);
        Learn(batch.MaxSizeInBytes);
        return batch.MaxSizeInBytes;
    }

    /// <summary>Takes the limit of a batch the client created since (a link attached again may report another).</summary>
    public void Learn(long limit) => Interlocked.Exchange(ref maxSizeInBytes, limit);

    public void SawClientActivity() => clientStartsActivities = true;
}

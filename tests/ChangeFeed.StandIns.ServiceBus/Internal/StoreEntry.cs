namespace ChangeFeed.StandIns.ServiceBus.Internal;

/// <summary>One message in a subscription, queue or dead-letter queue, with its lock state.</summary>
internal sealed class StoreEntry(StoredMessage message, long sequenceNumber, DateTime enqueuedTime)
{
    public StoredMessage Message { get; set; } = message;
    public long SequenceNumber { get; } = sequenceNumber;
    public DateTime EnqueuedTime { get; } = enqueuedTime;
    public string? SessionId => Message.GroupId;

    /// <summary>Deliveries that ended without completion (the AMQP header's delivery-count).</summary>
    public int FailedDeliveries { get; set; }

    public Consumer? LockedBy { get; set; }
    public Guid LockToken { get; set; }
    public DateTime LockedUntil { get; set; }

    public bool IsLocked(DateTime now) => LockedBy is not null && LockedUntil > now;

    public void Unlock()
    {
        LockedBy = null;
        LockToken = Guid.Empty;
        LockedUntil = default;
    }
}

using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;

namespace ChangeFeed.StandIns.ServiceBus.Internal;

/// <summary>Settling, renewing and expiring message locks, abandoning and dead-lettering.</summary>
internal sealed partial class MessageStore
{
    /// <summary>Applies a receiver's settlement and returns the state the broker echoes.</summary>
    public DeliveryState Settle(Guid lockToken, DeliveryState state)
    {
        lock (_gate)
        {
            StoreEntry? entry = _entries.Find(e => e.LockToken == lockToken && e.LockedBy is not null);
            if (entry is null || entry.LockedUntil <= Now)
            {
                return LockLost();
            }

            switch (state)
            {
                case Accepted:
                    _entries.Remove(entry);
                    Completed++;
                    return state;
                case Rejected rejected:
                    DeadLetter(entry, rejected.Error);
                    return new Rejected(); // an echoed error would read as a failed settlement
                case Modified { UndeliverableHere: true }:
                    return new Rejected { Error = new Error { Condition = AmqpErrorCode.NotImplemented, Description = "The Service Bus stand-in does not implement message deferral." } };
                case Modified modified:
                    Abandon(entry, modified.MessageAnnotations);
                    return state;
                default:
                    Abandon(entry, null);
                    return state;
            }
        }
    }

    public DateTime? RenewLock(Guid lockToken)
    {
        lock (_gate)
        {
            StoreEntry? entry = _entries.Find(e => e.LockToken == lockToken && e.LockedBy is not null);
            if (entry is null || entry.LockedUntil <= Now)
            {
                return null;
            }

            entry.LockedUntil = Now + LockDuration;
            return entry.LockedUntil;
        }
    }

    private static Rejected LockLost() => new()
    {
        Error = new Error { Condition = "com.microsoft:message-lock-lost", Description = "The lock on the message was lost or the lock token is unknown." },
    };

    private static void ExpireLock(StoreEntry entry, DateTime now)
    {
        if (entry.LockedBy is not null && entry.LockedUntil <= now)
        {
            entry.FailedDeliveries++;
            entry.Unlock();
        }
    }

    private void Abandon(StoreEntry entry, Fields? propertiesToModify)
    {
        Abandoned++;
        entry.Unlock();
        entry.FailedDeliveries++;
        if (propertiesToModify is { Count: > 0 })
        {
            entry.Message = entry.Message.WithApplicationProperties(propertiesToModify.Select(p => new KeyValuePair<string, object?>(p.Key.ToString(), p.Value)));
        }

        if (entry.FailedDeliveries >= MaxDeliveryCount)
        {
            MoveToDeadLetters(entry, "MaxDeliveryCountExceeded", $"Message could not be consumed after {MaxDeliveryCount} delivery attempts.", []);
        }
        else
        {
            _ = Task.Run(PumpAll);
        }
    }

    private void DeadLetter(StoreEntry entry, Error? error)
    {
        string? reason = null;
        string? description = null;
        var others = new List<KeyValuePair<string, object?>>();
        foreach (var pair in error?.Info ?? [])
        {
            string key = pair.Key.ToString();
            if (key == "DeadLetterReason") { reason = pair.Value as string; }
            else if (key == "DeadLetterErrorDescription") { description = pair.Value as string; }
            else { others.Add(new(key, pair.Value)); }
        }

        MoveToDeadLetters(entry, reason, description, others);
    }

    private void MoveToDeadLetters(StoreEntry entry, string? reason, string? description, List<KeyValuePair<string, object?>> properties)
    {
        _entries.Remove(entry);
        entry.Unlock();
        if (reason is not null) { properties.Add(new("DeadLetterReason", reason)); }
        if (description is not null) { properties.Add(new("DeadLetterErrorDescription", description)); }
        var dead = new StoreEntry(entry.Message.WithApplicationProperties(properties), entry.SequenceNumber, entry.EnqueuedTime)
        {
            FailedDeliveries = entry.FailedDeliveries,
        };
        if (DeadLetters is not null)
        {
            lock (DeadLetters.Gate)
            {
                DeadLetters._entries.Add(dead);
            }

            _ = Task.Run(DeadLetters.PumpAll);
        }
    }
}

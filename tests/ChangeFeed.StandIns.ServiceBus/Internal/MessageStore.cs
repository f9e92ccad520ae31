using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;

namespace ChangeFeed.StandIns.ServiceBus.Internal;

/// <summary>
/// The messages of one receivable entity (subscription, queue or dead-letter queue): sequence order,
/// peek-lock, settlement, dead-lettering. Session locks live in <see cref="SessionTable"/>.
/// </summary>
internal sealed class MessageStore
{
    private readonly object _gate = new();
    private readonly List<StoreEntry> _entries = [];
    private readonly List<Consumer> _consumers = [];
    private readonly TimeProvider _time;

    public MessageStore(string path, bool requiresSession, TimeSpan lockDuration, int maxDeliveryCount, bool isDeadLetterQueue, TimeProvider time)
    {
        Path = path;
        RequiresSession = requiresSession;
        LockDuration = lockDuration;
        MaxDeliveryCount = maxDeliveryCount;
        _time = time;
        Sessions = new SessionTable(this);
        DeadLetters = isDeadLetterQueue ? null : new MessageStore(path + "/$DeadLetterQueue", false, lockDuration, int.MaxValue, true, time);
    }

    public string Path { get; }
    public bool RequiresSession { get; }
    public TimeSpan LockDuration { get; }
    public int MaxDeliveryCount { get; }
    public MessageStore? DeadLetters { get; }
    public SessionTable Sessions { get; }
    internal object Gate => _gate;
    internal DateTime Now => _time.GetUtcNow().UtcDateTime;

    public long Deliveries { get; private set; }
    public long Completed { get; private set; }
    public long Abandoned { get; private set; }

    public void Enqueue(StoreEntry entry)
    {
        lock (_gate)
        {
            _entries.Add(entry);
        }

        Sessions.Signal();
        PumpAll();
    }

    public void Attach(Consumer consumer)
    {
        lock (_gate)
        {
            _consumers.Add(consumer);
        }
    }

    /// <summary>
    /// A receive link went away. Its session is free again and the session's message locks end with it; outside sessions
    /// a message lock outlives its link, as on the service: the client may still settle through <c>$management</c> (the
    /// JavaScript client does when its link closed), and the message comes back when the lock expires (the stand-in's sweep).
    /// </summary>
    public void Detach(Consumer consumer)
    {
        lock (_gate)
        {
            _consumers.Remove(consumer);
            foreach (StoreEntry entry in _entries.Where(e => e.LockedBy == consumer))
            {
                if (entry.SessionId is null && !RequiresSession)
                {
                    continue;
                }

                entry.FailedDeliveries++;
                entry.Unlock();
            }

            Sessions.ReleaseHeldBy(consumer);
        }

        Sessions.Signal();
        PumpAll();
    }

    /// <summary>The entity was deleted: every receive link on it (and on its dead-letter queue) is detached with <c>amqp:not-found</c>.</summary>
    public void Remove()
    {
        Consumer[] consumers;
        lock (_gate)
        {
            consumers = [.. _consumers];
        }

        foreach (Consumer consumer in consumers)
        {
            consumer.Close(new AmqpException(AmqpErrorCode.NotFound, $"The messaging entity '{Path}' could not be found (it was removed from the stand-in)."));
        }

        DeadLetters?.Remove();
    }

    public void PumpAll()
    {
        Consumer[] consumers;
        lock (_gate)
        {
            consumers = [.. _consumers];
        }

        foreach (Consumer consumer in consumers)
        {
            consumer.Pump();
        }
    }

    /// <summary>Locks up to <paramref name="max"/> available messages for a consumer, in sequence order.</summary>
    public List<(StoreEntry Entry, Guid LockToken)> Take(Consumer consumer, int max, bool settleOnSend)
    {
        var taken = new List<(StoreEntry, Guid)>();
        lock (_gate)
        {
            DateTime now = Now;
            for (int i = 0; i < _entries.Count && taken.Count < max; i++)
            {
                StoreEntry entry = _entries[i];
                ExpireLock(entry, now);
                if (entry.LockedBy is not null || (consumer.SessionId is not null && entry.SessionId != consumer.SessionId))
                {
                    continue;
                }

                Deliveries++;
                var token = Guid.NewGuid();
                if (settleOnSend)
                {
                    _entries.RemoveAt(i--);
                    Completed++;
                }
                else
                {
                    entry.LockedBy = consumer;
                    entry.LockToken = token;
                    entry.LockedUntil = now + LockDuration;
                }

                taken.Add((entry, token));
            }
        }

        return taken;
    }

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

    public bool HasAvailable(string sessionId)
    {
        DateTime now = Now;
        return _entries.Exists(e => e.SessionId == sessionId && !e.IsLocked(now));
    }

    /// <summary>Session ids with an unlocked message, oldest first (caller holds the gate).</summary>
    public IEnumerable<string> SessionsWithAvailableMessages()
    {
        DateTime now = Now;
        return _entries.Where(e => e.SessionId is not null && !e.IsLocked(now)).Select(e => e.SessionId!).Distinct(StringComparer.Ordinal);
    }

    public IReadOnlyList<StandInMessage> Snapshot()
    {
        lock (_gate)
        {
            return [.. _entries.Select(StandInMessage.From)];
        }
    }

    public (int Active, int Locked) Counts()
    {
        lock (_gate)
        {
            DateTime now = Now;
            int locked = _entries.Count(e => e.IsLocked(now));
            return (_entries.Count - locked, locked);
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

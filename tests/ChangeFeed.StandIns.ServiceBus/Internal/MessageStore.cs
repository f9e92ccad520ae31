using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;

namespace ChangeFeed.StandIns.ServiceBus.Internal;

/// <summary>
/// The messages of one receivable entity (subscription, queue or dead-letter queue): sequence order,
/// peek-lock, settlement, dead-lettering. Session locks live in <see cref="SessionTable"/>.
/// </summary>
internal sealed partial class MessageStore
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
}

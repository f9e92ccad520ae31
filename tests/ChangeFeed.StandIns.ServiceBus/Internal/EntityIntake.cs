using Microsoft.Azure.Amqp;

namespace ChangeFeed.StandIns.ServiceBus.Internal;

/// <summary>
/// The sending side of a topic or queue: sequence numbers, duplicate detection on MessageId within the
/// window, the arrival log, and fan-out to the stores whose filter matches. A partitioned entity refuses a batch
/// whose messages carry different partition keys, as Service Bus does.
/// </summary>
internal sealed class EntityIntake(string name, TimeSpan? duplicateDetectionWindow, TimeProvider time, bool partitioned = false)
{
    private readonly object _gate = new();
    private readonly DuplicateDetector? _duplicates = duplicateDetectionWindow is { } window ? new DuplicateDetector(window, time) : null;
    private readonly List<StandInMessage> _accepted = [];
    private readonly List<(MessageStore Store, Func<StoredMessage, bool> Matches)> _routes = [];
    private readonly List<ReceivingAmqpLink> _senders = [];
    private bool _removed;
    private long _sequence;
    private int _duplicatesDropped;
    private int _mixedBatchesRefused;

    public string Name { get; } = name;

    public bool Partitioned { get; } = partitioned;

    public int MixedBatchesRefused
    {
        get { lock (_gate) { return _mixedBatchesRefused; } }
    }

    public int DuplicatesDropped
    {
        get { lock (_gate) { return _duplicatesDropped; } }
    }

    public IReadOnlyList<StandInMessage> Accepted
    {
        get { lock (_gate) { return [.. _accepted]; } }
    }

    public void Route(MessageStore store, Func<StoredMessage, bool> matches)
    {
        lock (_gate)
        {
            _routes.Add((store, matches));
        }
    }

    /// <summary>A client's sender link to this entity opened; refused once the entity was removed.</summary>
    public void AttachSender(ReceivingAmqpLink link)
    {
        lock (_gate)
        {
            if (_removed)
            {
                throw NotFound();
            }

            _senders.Add(link);
        }

        link.SafeAddClosed((_, _) =>
        {
            lock (_gate)
            {
                _senders.Remove(link);
            }
        });
    }

    /// <summary>
    /// The entity was deleted: as the service does, links already open are detached with <c>amqp:not-found</c> (the
    /// client's next send tries to attach again and fails with <c>MessagingEntityNotFound</c>), and nothing more is accepted.
    /// </summary>
    public void Remove()
    {
        ReceivingAmqpLink[] open;
        lock (_gate)
        {
            _removed = true;
            open = [.. _senders];
        }

        foreach (ReceivingAmqpLink link in open)
        {
            link.SafeClose(NotFound());
        }
    }

    /// <summary>Accepts the messages of one transfer (one message, or a batch) in order, or none of them.</summary>
    public void Accept(IReadOnlyList<StoredMessage> messages)
    {
        var deliveries = new List<(MessageStore, StoreEntry)>();
        lock (_gate)
        {
            if (_removed)
            {
                throw NotFound();
            }

            if (Partitioned && messages.Select(PartitionKey).Distinct(StringComparer.Ordinal).Skip(1).Any())
            {
                _mixedBatchesRefused++;
                throw MixedPartitionKeys();
            }

            foreach (StoredMessage message in messages)
            {
                if (_duplicates?.IsDuplicate(message.MessageIdText) == true)
                {
                    _duplicatesDropped++;
                    continue;
                }

                var entry = new StoreEntry(message, ++_sequence, time.GetUtcNow().UtcDateTime);
                _accepted.Add(StandInMessage.From(entry));
                foreach (var (store, matches) in _routes.Where(r => r.Matches(message)))
                {
                    deliveries.Add((store, new StoreEntry(message, entry.SequenceNumber, entry.EnqueuedTime)));
                }
            }
        }

        foreach (var (store, entry) in deliveries)
        {
            store.Enqueue(entry);
        }
    }

    /// <summary>
    /// What Service Bus partitions by: the session id when set, else the partition key, else, with duplicate
    /// detection on, the message id; null means none (the service picks a partition).
    /// </summary>
    private string? PartitionKey(StoredMessage message) =>
        message.GroupId ?? message.PartitionKey ?? (_duplicates is null ? null : message.MessageIdText);

    /// <summary>The service's refusal (condition amqp:not-allowed, which the client raises as InvalidOperationException).</summary>
    private AmqpException MixedPartitionKeys()
    {
        string what = _duplicates is null
            ? "Batching brokered messages with distinct SessionId or PartitionKey is not supported for an entity with partitioning enabled."
            : "Batching brokered messages with distinct SessionId, PartitionKey, or MessageId is not supported for an entity with partitioning and duplicate detection enabled.";
        return new AmqpException(AmqpErrorCode.NotAllowed, $"{what} TrackingId:{Guid.NewGuid():N}, SystemTracker:stand-in:Topic:{Name}, Timestamp:{time.GetUtcNow().UtcDateTime:M/d/yyyy h:mm:ss tt}");
    }

    private AmqpException NotFound() =>
        new(AmqpErrorCode.NotFound, $"The messaging entity '{Name}' could not be found (it was removed from the stand-in).");
}

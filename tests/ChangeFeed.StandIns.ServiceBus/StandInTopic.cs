using ChangeFeed.StandIns.ServiceBus.Internal;

namespace ChangeFeed.StandIns.ServiceBus;

/// <summary>A declared topic: what senders sent to it, and its subscriptions.</summary>
public sealed class StandInTopic
{
    private readonly ServiceBusStandIn _owner;
    private readonly List<StandInSubscription> _subscriptions = [];

    internal StandInTopic(ServiceBusStandIn owner, string name, TimeSpan? duplicateDetectionWindow, bool partitioned)
    {
        _owner = owner;
        Intake = new EntityIntake(name, duplicateDetectionWindow, owner.Time, partitioned);
    }

    internal EntityIntake Intake { get; }

    public string Name => Intake.Name;

    /// <summary>Every message accepted, in arrival order, duplicates excluded.</summary>
    public IReadOnlyList<StandInMessage> AcceptedMessages => Intake.Accepted;

    /// <summary>Messages accepted from a sender but dropped because their MessageId was seen within the window.</summary>
    public int DuplicatesDropped => Intake.DuplicatesDropped;

    /// <summary>Whether the topic was declared partitioned (a Standard topic with partitioning, a Premium namespace with partitions).</summary>
    public bool Partitioned => Intake.Partitioned;

    /// <summary>Batches refused, nothing of them accepted, because their messages carried different partition keys.</summary>
    public int MixedBatchesRefused => Intake.MixedBatchesRefused;

    public IReadOnlyList<StandInSubscription> Subscriptions
    {
        get { lock (_subscriptions) { return [.. _subscriptions]; } }
    }

    public StandInSubscription Subscription(string name) =>
        Subscriptions.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new KeyNotFoundException($"Topic '{Name}' has no subscription '{name}'.");

    /// <summary>
    /// Declares a subscription. <paramref name="correlationFilterSubject"/> is shorthand for a correlation
    /// filter on Subject; <paramref name="rules"/> are several correlation filters, ORed as the rules of a
    /// subscription are (a message matching several is stored once); with no filter at all the subscription gets
    /// every message.
    /// </summary>
    public StandInTopic AddSubscription(
        string name,
        bool requiresSession = false,
        string? correlationFilterSubject = null,
        StandInCorrelationFilter? filter = null,
        TimeSpan? lockDuration = null,
        int maxDeliveryCount = 10,
        IReadOnlyList<StandInCorrelationFilter>? rules = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        filter ??= correlationFilterSubject is null ? null : new StandInCorrelationFilter { Subject = correlationFilterSubject };
        IReadOnlyList<StandInCorrelationFilter> filters = [.. rules ?? [], .. filter is null ? Array.Empty<StandInCorrelationFilter>() : [filter]];
        var store = new MessageStore($"{Name}/Subscriptions/{name}", requiresSession, lockDuration ?? ServiceBusStandIn.DefaultLockDuration, maxDeliveryCount, false, _owner.Time);
        var subscription = new StandInSubscription(Name, name, store, filters);
        _owner.Register(store);
        Intake.Route(store, filters.Count == 0 ? _ => true : message => filters.Any(rule => rule.Matches(message)));
        lock (_subscriptions)
        {
            _subscriptions.Add(subscription);
        }

        return this;
    }
}

/// <summary>A declared queue: a sending entity and a receivable one at the same path.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "Service Bus calls this entity a queue.")]
public sealed class StandInQueue : StandInReceivable
{
    internal StandInQueue(string name, MessageStore store, EntityIntake intake)
        : base(store)
    {
        Intake = intake;
        intake.Route(store, _ => true);
    }

    internal EntityIntake Intake { get; }

    public string Name => Intake.Name;

    public IReadOnlyList<StandInMessage> AcceptedMessages => Intake.Accepted;

    public int DuplicatesDropped => Intake.DuplicatesDropped;
}

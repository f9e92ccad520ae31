using ChangeFeed.StandIns.ServiceBus.Internal;

namespace ChangeFeed.StandIns.ServiceBus;

/// <summary>What tests can see of a subscription or queue: its messages, its dead letters and its counters.</summary>
public abstract class StandInReceivable
{
    private protected StandInReceivable(MessageStore store) => Store = store;

    internal MessageStore Store { get; }

    /// <summary>The entity path receivers use, e.g. <c>orders-cdc/Subscriptions/sample</c>.</summary>
    public string Path => Store.Path;

    public bool RequiresSession => Store.RequiresSession;

    /// <summary>Messages not yet completed or dead-lettered (available or locked), in sequence order.</summary>
    public IReadOnlyList<StandInMessage> Messages => Store.Snapshot();

    public IReadOnlyList<StandInMessage> DeadLetteredMessages => Store.DeadLetters!.Snapshot();

    public int ActiveCount => Store.Counts().Active;

    public int LockedCount => Store.Counts().Locked;

    /// <summary>Times a message was handed to a receiver (redeliveries included).</summary>
    public long DeliveredCount => Store.Deliveries;

    public long CompletedCount => Store.Completed;

    public long AbandonedCount => Store.Abandoned;

    public int DeadLetteredCount => Store.DeadLetters!.Counts() is var (active, locked) ? active + locked : 0;
}

public sealed class StandInSubscription : StandInReceivable
{
    internal StandInSubscription(string topic, string name, MessageStore store, IReadOnlyList<StandInCorrelationFilter> rules)
        : base(store)
    {
        Topic = topic;
        Name = name;
        Rules = rules;
    }

    public string Topic { get; }

    public string Name { get; }

    /// <summary>Its rules (ORed); none: the subscription gets every message of the topic.</summary>
    public IReadOnlyList<StandInCorrelationFilter> Rules { get; }
}

namespace ChangeFeed.Subscriber;

/// <summary>The <c>Subscriber</c> configuration section.</summary>
public sealed class SubscriberOptions
{
    public const string SectionName = "Subscriber";

    /// <summary>The topic to read, e.g. <c>orders-events</c>.</summary>
    public string? Topic { get; set; }

    /// <summary>The session-enabled subscription, e.g. <c>sample-subscriber</c>.</summary>
    public string? Subscription { get; set; }

    /// <summary>Attempts before a message that keeps failing is dead-lettered with its last error. Default 5.</summary>
    public int MaxDeliveryAttempts { get; set; } = 5;

    /// <summary>Sessions (entities) handled at once; each session's messages are handled one at a time, in order. Default 8.</summary>
    public int MaxConcurrentSessions { get; set; } = 8;

    /// <summary>The Cosmos DB database of the inbox and the read model.</summary>
    public string? Database { get; set; }

    /// <summary>The container holding the inbox markers and the read model (partition key <c>/partitionKey</c>, TTL on).</summary>
    public string Container { get; set; } = "projections";

    /// <summary>How long a handled message id is remembered; longer than the topic's duplicate detection window. Default 14 days.</summary>
    public TimeSpan InboxTimeToLive { get; set; } = TimeSpan.FromDays(14);

    /// <summary>What could not be bound (keys that are not settings, values not of their type), reported by the validator.</summary>
    internal List<string> BindingErrors { get; } = [];
}

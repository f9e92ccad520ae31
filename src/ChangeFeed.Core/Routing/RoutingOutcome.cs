using ChangeFeed.Envelope;

namespace ChangeFeed.Routing;

/// <summary>What the router made of one change: events to publish, or the reason it must be parked.</summary>
public sealed record RoutingOutcome
{
    private RoutingOutcome(IReadOnlyList<IntegrationEvent> events, string? parkReason)
    {
        Events = events;
        ParkReason = parkReason;
    }

    /// <summary>The events, in the order they must be published; empty when the change is parked or ignored.</summary>
    public IReadOnlyList<IntegrationEvent> Events { get; }

    /// <summary>Why the change cannot be published, or null.</summary>
    public string? ParkReason { get; init; }

    /// <summary>The change's document id, when it had one (for parking).</summary>
    public string? DocumentId { get; init; }

    /// <summary>The rendered partition key, when it could be read (for parking).</summary>
    public string? PartitionKey { get; init; }

    /// <summary>The change's <c>_lsn</c>, when present (for parking).</summary>
    public long? Lsn { get; init; }

    public static RoutingOutcome Publish(IntegrationEvent integrationEvent) => new([integrationEvent], null)
    {
        DocumentId = integrationEvent.Subject,
        PartitionKey = integrationEvent.PartitionKey,
        Lsn = integrationEvent.Lsn,
    };

    public static RoutingOutcome Park(string reason) => new([], reason);

    /// <summary>Nothing to publish and nothing wrong (e.g. an entity next to outbox records).</summary>
    public static RoutingOutcome Ignore { get; } = new([], null);
}

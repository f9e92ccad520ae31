using ChangeFeed.Envelope;

namespace ChangeFeed.Publishing;

/// <summary>Sends integration events to the broker. Implemented by the Service Bus adapter.</summary>
public interface IEventPublisher
{
    /// <summary>
    /// Publishes the events, keeping the order of each topic's events per partition key (per entity: the Service Bus
    /// session); order across partition keys is not kept. Throws when any send fails (after the client's own
    /// retries), so the caller does not checkpoint. An event that cannot be sent at all (too large for an empty batch)
    /// is not sent and comes back in <see cref="PublishResult.Rejected"/>.
    /// </summary>
    Task<PublishResult> PublishAsync(IReadOnlyList<IntegrationEvent> events, CancellationToken cancellationToken);
}

using ChangeFeed.Envelope;

namespace ChangeFeed.Publishing;

/// <summary>
/// Where the data of an event too large for a message is kept (the claim check pattern): the publisher stores it
/// before it sends the message that refers to it, a subscriber reads it back through the CloudEvents <c>dataref</c>.
/// Implemented by the Blob Storage adapter.
/// </summary>
public interface IClaimCheckStore
{
    /// <summary>
    /// Stores the event's data under a name derived from its topic and id, so that a retried relay overwrites the same
    /// item, and returns its URI (the <c>dataref</c>). Completes only once the data is stored; throws when it is not.
    /// </summary>
    Task<Uri> StoreAsync(IntegrationEvent integrationEvent, CancellationToken cancellationToken);

    /// <summary>
    /// The data stored at <paramref name="dataRef"/>; null when nothing is stored there (expired, or never written).
    /// Throws <see cref="ArgumentException"/> for a reference outside this store: a subscriber's credential is never
    /// sent where a message points it.
    /// </summary>
    Task<ReadOnlyMemory<byte>?> ReadAsync(Uri dataRef, CancellationToken cancellationToken);
}

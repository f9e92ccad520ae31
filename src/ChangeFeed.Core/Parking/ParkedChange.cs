namespace ChangeFeed.Parking;

/// <summary>
/// A change that could not be turned into a published event, kept with the reason so that it can be fixed and
/// replayed instead of blocking the stream.
/// </summary>
/// <param name="Id">Deterministic: the same change parked twice has the same id, so parking is idempotent.</param>
/// <param name="Route">The route (configuration name) the change came through.</param>
/// <param name="SourceContainer">The watched container, <c>database/container</c>.</param>
/// <param name="DocumentId">The document's <c>id</c>, when it had one.</param>
/// <param name="PartitionKey">The rendered partition key value, when it could be read.</param>
/// <param name="Lsn">The change's <c>_lsn</c>, its position in the partition's change feed, when present.</param>
/// <param name="EventId">The id the event would have had, when it could be computed.</param>
/// <param name="Reason">What is wrong, in words an operator can act on.</param>
/// <param name="Document">The change exactly as the change feed delivered it (raw JSON).</param>
/// <param name="ParkedAt">When it was parked.</param>
public sealed record ParkedChange(
    string Id,
    string Route,
    string SourceContainer,
    string? DocumentId,
    string? PartitionKey,
    long? Lsn,
    string? EventId,
    string Reason,
    string Document,
    DateTimeOffset ParkedAt);

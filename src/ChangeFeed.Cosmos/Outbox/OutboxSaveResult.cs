namespace ChangeFeed.Cosmos.Outbox;

/// <summary>What a committed <see cref="OutboxWriter.SaveAsync"/> wrote.</summary>
/// <param name="EventIds">The ids of the outbox records, in order: the CloudEvents ids subscribers will see.</param>
/// <param name="RequestCharge">The request units the batch cost.</param>
public sealed record OutboxSaveResult(IReadOnlyList<string> EventIds, double RequestCharge)
{
    /// <summary>
    /// The etag of each entity after the batch, in the order of the entity operations (null for a delete): pass it as
    /// <see cref="EntityOperation.IfMatchEtag"/> to the next change so that a concurrent one refuses it.
    /// </summary>
    public IReadOnlyList<string?> EntityETags { get; init; } = [];
}

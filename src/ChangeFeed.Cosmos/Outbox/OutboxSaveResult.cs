namespace ChangeFeed.Cosmos.Outbox;

/// <summary>What a committed <see cref="OutboxWriter.SaveAsync"/> wrote.</summary>
/// <param name="EventIds">The ids of the outbox records, in order: the CloudEvents ids subscribers will see.</param>
/// <param name="RequestCharge">The request units the batch cost.</param>
public sealed record OutboxSaveResult(IReadOnlyList<string> EventIds, double RequestCharge);

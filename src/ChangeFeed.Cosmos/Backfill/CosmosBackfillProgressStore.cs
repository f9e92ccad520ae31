using System.Net;
using System.Text.Json;
using ChangeFeed.Backfill;
using Microsoft.Azure.Cosmos;

namespace ChangeFeed.Cosmos.Backfill;

/// <summary>
/// Keeps backfill runs in the lease container, which the relay's identity may already write (decision 0014): one item
/// per route and subscription, replaced on condition of its etag so that two backfills of the same route for the same
/// subscription at once cannot both go on (the second to save stops with <see cref="BackfillConflictException"/>).
/// </summary>
public sealed class CosmosBackfillProgressStore(Container leases) : IBackfillProgressStore
{
    /// <summary>The item of a route's backfill for a subscription; no lease of a change feed processor starts with it.</summary>
    public static string ItemId(string route, string subscription) => $"changefeed-backfill.{route}.{subscription}";

    public string Describe(string route, string subscription) => $"{leases.Database.Id}/{leases.Id}, item {ItemId(route, subscription)}";

    public async Task<BackfillProgress?> ReadAsync(string route, string subscription, CancellationToken cancellationToken)
    {
        var id = ItemId(route, subscription);
        using var response = await leases.ReadItemStreamAsync(id, new PartitionKey(id), cancellationToken: cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        response.EnsureSuccessStatusCode();

        var record = await JsonSerializer.DeserializeAsync<BackfillProgressRecord>(response.Content, DocumentLimits.SerializerOptions, cancellationToken)
            ?? throw new InvalidDataException($"The backfill progress item {id} in {leases.Id} is empty.");
        return record.ToProgress(response.Headers.ETag);
    }

    public async Task<BackfillProgress> SaveAsync(BackfillProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var record = BackfillProgressRecord.From(progress);
        using var body = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(record, DocumentLimits.SerializerOptions));
        using var response = progress.ETag is null
            ? await leases.CreateItemStreamAsync(body, new PartitionKey(record.Id), cancellationToken: cancellationToken)
            : await leases.ReplaceItemStreamAsync(body, record.Id, new PartitionKey(record.Id), new ItemRequestOptions { IfMatchEtag = progress.ETag }, cancellationToken);
        if (response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
        {
            throw new BackfillConflictException(
                $"Another backfill of route '{progress.Route}' for subscription '{progress.Subscription}' changed its progress ({Describe(progress.Route, progress.Subscription)}) "
                + $"while this one ran (Cosmos DB answered {(int)response.StatusCode} {response.StatusCode}): this one stopped. Run one backfill per route and subscription at a time.");
        }

        response.EnsureSuccessStatusCode();
        return progress with { ETag = response.Headers.ETag };
    }
}

using System.Text.Json;
using ChangeFeed.Routing;
using Microsoft.Azure.Cosmos;

namespace ChangeFeed.Cosmos.Parking;

/// <summary>
/// Sends parked changes through the relay again (after the cause was fixed: route configuration, topic, or the
/// stored document itself) and deletes the records whose changes are now published. Changes that are still poison
/// are parked again by the relay under the same id, so their records stay (with the new reason and time to live).
/// </summary>
public sealed class ParkedChangeReplayer(Container container, Relay relay, RouteCatalog routes)
{
    /// <summary>Changes handed to the relay at a time.</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>Replays every parked change of the route. Throws (leaving the records) when publishing fails.</summary>
    public async Task<ReplayResult> ReplayAsync(string route, CancellationToken cancellationToken)
    {
        // Route names match case-insensitively; the records carry the configured spelling.
        var configured = routes.Get(route);
        route = configured.Name;
        var records = await ReadAsync(route, configured.SourceContainer, cancellationToken);

        // A record whose document was too large to keep cannot be replayed from here: it stays parked.
        var stillParked = records.Count(record => !record.DocumentKept);
        var published = 0;
        foreach (var chunk in records.Where(record => record.DocumentKept).Chunk(Math.Max(1, BatchSize)))
        {
            var result = await relay.ProcessAsync(chunk.Select(record => record.Document).ToArray(), route, cancellationToken);
            var parkedAgain = result.Parked.Select(change => change.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var record in chunk)
            {
                if (parkedAgain.Contains(record.Id))
                {
                    stillParked++;
                    continue;
                }

                await DeleteAsync(record, cancellationToken);
                published++;
            }
        }

        return new ReplayResult(records.Count, published, stillParked);
    }

    /// <summary>The route's parked changes in the order a replay takes them, without their documents: what an operator reads before a replay.</summary>
    public async Task<IReadOnlyList<ParkedChangeSummary>> ListAsync(string route, CancellationToken cancellationToken)
    {
        var configured = routes.Get(route);
        var records = await ReadAsync(configured.Name, configured.SourceContainer, cancellationToken);
        return records.Select(record => new ParkedChangeSummary(
            record.Id, record.DocumentId, record.Lsn, record.EventId, record.Reason, record.ParkedAt, record.DocumentKept)).ToList();
    }

    /// <summary>The route's parked changes in change-feed order (by <c>lsn</c>, then by when they were parked).</summary>
    private async Task<IReadOnlyList<ReplayRecord>> ReadAsync(string route, string sourceContainer, CancellationToken cancellationToken)
    {
        // The partition is named in the query as well as in the options: redundant for Cosmos DB, and what the local
        // stand-in needs to run the query in one partition.
        var query = new QueryDefinition("SELECT c.id, c.documentId, c.lsn, c.eventId, c.reason, c.parkedAt, c.document FROM c WHERE c.sourceContainer = @source AND c.route = @route")
            .WithParameter("@source", sourceContainer)
            .WithParameter("@route", route);
        var options = new QueryRequestOptions { PartitionKey = new PartitionKey(sourceContainer) };
        var records = new List<ReplayRecord>();
        using var iterator = container.GetItemQueryStreamIterator(query, continuationToken: null, requestOptions: options);
        while (iterator.HasMoreResults)
        {
            using var page = await iterator.ReadNextAsync(cancellationToken);
            if (!page.IsSuccessStatusCode)
                throw new CosmosParkingException($"Could not read parked changes of route '{route}' from container {container.Id}: {(int)page.StatusCode} {page.ErrorMessage}", page.StatusCode);

            using var json = await JsonDocument.ParseAsync(page.Content, DocumentLimits.DocumentOptions, cancellationToken);
            foreach (var item in json.RootElement.GetProperty("Documents").EnumerateArray())
            {
                records.Add(new ReplayRecord(
                    item.GetProperty("id").GetString()!,
                    OptionalString(item, "documentId"),
                    item.TryGetProperty("lsn", out var lsn) && lsn.ValueKind == JsonValueKind.Number ? lsn.GetInt64() : null,
                    OptionalString(item, "eventId"),
                    OptionalString(item, "reason") ?? "",
                    item.TryGetProperty("parkedAt", out var parkedAt) && parkedAt.ValueKind == JsonValueKind.String ? parkedAt.GetDateTimeOffset() : DateTimeOffset.MinValue,
                    item.TryGetProperty("document", out var document) ? document.Clone() : default,
                    sourceContainer));
            }
        }

        return records.OrderBy(record => record.Lsn ?? long.MaxValue).ThenBy(record => record.ParkedAt).ToList();
    }

    private async Task DeleteAsync(ReplayRecord record, CancellationToken cancellationToken)
    {
        using var response = await container.DeleteItemStreamAsync(record.Id, new PartitionKey(record.SourceContainer), cancellationToken: cancellationToken);
        if (!response.IsSuccessStatusCode && response.StatusCode != System.Net.HttpStatusCode.NotFound)
            throw new CosmosParkingException($"Could not delete replayed parked change {record.Id} from container {container.Id}: {(int)response.StatusCode} {response.ErrorMessage}", response.StatusCode);
    }

    private static string? OptionalString(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private sealed record ReplayRecord(
        string Id, string? DocumentId, long? Lsn, string? EventId, string Reason, DateTimeOffset ParkedAt, JsonElement Document, string SourceContainer)
    {
        public bool DocumentKept => Document.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);
    }
}

/// <summary>A parked change as listed for an operator (the document itself stays in the parked record).</summary>
/// <param name="Id">The parked record's id.</param>
/// <param name="DocumentId">The id of the document in the watched container, when the change had one.</param>
/// <param name="Lsn">The change's position in its partition's change feed, when known.</param>
/// <param name="EventId">The event id the change would be published with, when it got that far.</param>
/// <param name="Reason">Why it was parked.</param>
/// <param name="ParkedAt">When it was (last) parked.</param>
/// <param name="DocumentKept">False when the document was too large to keep: a replay leaves such a record parked.</param>
public sealed record ParkedChangeSummary(string Id, string? DocumentId, long? Lsn, string? EventId, string Reason, DateTimeOffset ParkedAt, bool DocumentKept);

/// <summary>What a replay did.</summary>
/// <param name="Records">Parked changes found for the route.</param>
/// <param name="Published">Changes that are now published; their records were deleted.</param>
/// <param name="StillParked">Changes the relay parked again; their records stay.</param>
public sealed record ReplayResult(int Records, int Published, int StillParked);

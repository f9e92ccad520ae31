using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Azure.Cosmos;

namespace ChangeFeed.Subscriber.Inbox;

/// <summary>
/// The inbox in a Cosmos DB container: one transactional batch creates the marker (id = <c>inbox-&lt;MessageId&gt;</c>)
/// and applies the handler's effect on the same partition. A redelivered message fails the create with 409, the
/// batch writes nothing, and the message counts as handled. Markers expire by TTL. A state kept only when newer
/// (<see cref="InboxEffects.KeepNewest"/>) is read first and written in the batch only if it is newer, on condition
/// that the stored one has not changed since (its etag), so a concurrent write fails the batch and the message is
/// tried again.
/// </summary>
public sealed class CosmosInbox(Container container, TimeSpan markerTimeToLive) : IInbox
{
    public async Task<bool> TryHandleAsync(string messageId, string partitionKey, Func<InboxEffects, CancellationToken, Task> handle, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentNullException.ThrowIfNull(handle);
        var effects = new InboxEffects(partitionKey);
        await handle(effects, cancellationToken);

        var marker = new JsonObject
        {
            ["id"] = "inbox-" + messageId,
            ["partitionKey"] = partitionKey,
            ["messageId"] = messageId,
            ["ttl"] = (int)markerTimeToLive.TotalSeconds,
        };
        var batch = container.CreateTransactionalBatch(new PartitionKey(partitionKey))
            .CreateItemStream(Stream(marker));
        foreach (var effect in effects.All)
        {
            if (effect.Kind == InboxEffectKind.KeepNewest)
            {
                batch = await KeepNewestAsync(batch, effect, partitionKey, cancellationToken);
                continue;
            }

            batch = effect.Kind switch
            {
                InboxEffectKind.Upsert => batch.UpsertItemStream(Stream(effect.Document)),
                InboxEffectKind.Increment => batch.PatchItem(effect.Id, effect.Document.Select(p => PatchOperation.Increment("/" + p.Key, p.Value!.GetValue<long>())).ToList()),
                _ => batch.PatchItem(effect.Id, effect.Document.Select(p => PatchOperation.Set("/" + p.Key, Plain(p.Value))).ToList()),
            };
        }

        using var response = await batch.ExecuteAsync(cancellationToken);
        if (response.IsSuccessStatusCode)
            return true;
        if (response.Count > 0 && response[0].StatusCode == HttpStatusCode.Conflict)
            return false;

        var failed = Enumerable.Range(0, response.Count).FirstOrDefault(i => response[i].StatusCode != HttpStatusCode.FailedDependency);
        throw new InvalidOperationException(
            $"The inbox batch for message {messageId} failed: operation {failed} answered {(int)response[failed].StatusCode} {response[failed].StatusCode}. {response.ErrorMessage}".TrimEnd());
    }

    private async Task<TransactionalBatch> KeepNewestAsync(TransactionalBatch batch, InboxEffect effect, string partitionKey, CancellationToken cancellationToken)
    {
        using var stored = await container.ReadItemStreamAsync(effect.Id, new PartitionKey(partitionKey), cancellationToken: cancellationToken);
        if (stored.StatusCode == HttpStatusCode.NotFound)
            return batch.CreateItemStream(Stream(effect.Document)); // a concurrent create fails the batch with 409: tried again
        if (!stored.IsSuccessStatusCode)
            throw new InvalidOperationException($"Reading read-model document '{effect.Id}' answered {(int)stored.StatusCode} {stored.StatusCode}. {stored.ErrorMessage}".TrimEnd());

        var current = await JsonNode.ParseAsync(stored.Content, documentOptions: DocumentLimits.DocumentOptions, cancellationToken: cancellationToken);
        return effect.IsNewerThan(current)
            ? batch.ReplaceItemStream(effect.Id, Stream(effect.Document), new TransactionalBatchItemRequestOptions { IfMatchEtag = stored.Headers.ETag })
            : batch; // the stored state is as new or newer: only the marker is written
    }

    private static MemoryStream Stream(JsonObject document) => new(JsonSerializer.SerializeToUtf8Bytes(document, DocumentLimits.SerializerOptions), writable: false);

    // Patch values go through the client's own serializer (Newtonsoft.Json by default), which cannot write JsonNodes:
    // hand it plain values, dictionaries and lists instead.
    private static object? Plain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject value => value.ToDictionary(p => p.Key, p => Plain(p.Value)),
        JsonArray value => value.Select(Plain).ToList(),
        _ => node.GetValueKind() switch
        {
            JsonValueKind.String => node.Deserialize<string>(),
            JsonValueKind.Number => Number(node.ToJsonString()),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        },
    };

    private static object Number(string text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole) ? whole
        : decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact) ? exact
        : double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}

using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChangeFeed.Outbox;
using Microsoft.Azure.Cosmos;

namespace ChangeFeed.Cosmos.Outbox;

/// <summary>
/// Saves entity changes and the integration events they cause in one Cosmos DB <see cref="TransactionalBatch"/> on
/// one logical partition: both commit or neither does. The relay then publishes each outbox record as its event.
/// </summary>
public sealed class OutboxWriter(Container container, OutboxWriterOptions options, TimeProvider timeProvider)
{
    /// <summary>Cosmos DB's limits for one transactional batch.</summary>
    public const int MaxOperations = 100;

    public const int MaxPayloadBytes = 2 * 1024 * 1024;

    private readonly string partitionKeyProperty = PartitionKeyProperty(options);

    public OutboxWriter(Container container, OutboxWriterOptions options)
        : this(container, options, TimeProvider.System)
    {
    }

    /// <summary>
    /// Writes the entity operations, then one outbox record per event, atomically. Throws
    /// <see cref="ArgumentException"/> before sending anything when the request cannot succeed (wrong partition key,
    /// over the batch limits, data that does not serialise), and <see cref="OutboxWriteException"/> with the failing
    /// operation's status when Cosmos DB refuses the batch; in both cases nothing was written.
    /// </summary>
    public async Task<OutboxSaveResult> SaveAsync(
        string partitionKey, IReadOnlyList<EntityOperation> entities, IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(partitionKey);
        ArgumentNullException.ThrowIfNull(entities);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
            throw new ArgumentException("At least one event is required: without one, write the entities directly.", nameof(events));
        if (entities.Count + events.Count > MaxOperations)
            throw new ArgumentException($"{entities.Count} entity operations and {events.Count} events make {entities.Count + events.Count} operations; a transactional batch allows {MaxOperations}.", nameof(events));

        var prepared = new List<PreparedOperation>(entities.Count + events.Count);
        for (var i = 0; i < entities.Count; i++)
            prepared.Add(PrepareEntity(i, entities[i] ?? throw new ArgumentException($"Entity operation {i} is null.", nameof(entities)), partitionKey));

        var now = timeProvider.GetUtcNow();
        var eventIds = new List<string>(events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            var operation = PrepareEvent(i, events[i] ?? throw new ArgumentException($"Event {i} is null.", nameof(events)), partitionKey, now);
            eventIds.Add(operation.Id!);
            prepared.Add(operation);
        }

        var payload = prepared.Sum(p => (long)(p.Body?.Length ?? 0));
        if (payload > MaxPayloadBytes)
            throw new ArgumentException($"The batch carries {payload} bytes; a transactional batch allows {MaxPayloadBytes}.", nameof(entities));

        var batch = container.CreateTransactionalBatch(new PartitionKey(partitionKey));
        foreach (var operation in prepared)
            operation.AddTo(batch);

        using var response = await batch.ExecuteAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw Failure(response, prepared);

        var etags = new string?[entities.Count];
        for (var i = 0; i < entities.Count && i < response.Count; i++)
            etags[i] = response[i].ETag;
        return new OutboxSaveResult(eventIds, response.RequestCharge) { EntityETags = etags };
    }

    private PreparedOperation PrepareEntity(int index, EntityOperation operation, string partitionKey)
    {
        if (operation.Kind is EntityOperationKind.Patch or EntityOperationKind.Delete)
        {
            if (string.IsNullOrEmpty(operation.Id))
                throw new ArgumentException($"Entity operation {index} ({operation.Kind}) has no id.", nameof(operation));
            if (operation.Kind == EntityOperationKind.Patch && (operation.Patch is null || operation.Patch.Count == 0))
                throw new ArgumentException($"Entity operation {index} (Patch of '{operation.Id}') has no patch operations.", nameof(operation));
            return new PreparedOperation(operation.Kind, operation.Id, null, operation.Patch, operation.IfMatchEtag, $"{operation.Kind} of entity '{operation.Id}'");
        }

        var json = Serialize(operation.Entity, $"Entity operation {index} ({operation.Kind})") as JsonObject
            ?? throw new ArgumentException($"Entity operation {index} ({operation.Kind}) does not serialise to a JSON object.", nameof(operation));
        if (json["id"] is not JsonValue id || !id.TryGetValue<string>(out var entityId) || entityId.Length == 0)
            throw new ArgumentException($"Entity operation {index} ({operation.Kind}) has no 'id' string property.", nameof(operation));
        if (json[partitionKeyProperty] is not JsonValue key || !key.TryGetValue<string>(out var entityKey) || entityKey != partitionKey)
        {
            throw new ArgumentException(
                $"Entity '{entityId}' has {partitionKeyProperty} = {json[partitionKeyProperty]?.ToJsonString() ?? "nothing"}, but the batch is for partition key \"{partitionKey}\": a transactional batch covers one logical partition.",
                nameof(operation));
        }

        return new PreparedOperation(operation.Kind, entityId, JsonSerializer.SerializeToUtf8Bytes(json, DocumentLimits.SerializerOptions), null, operation.IfMatchEtag, $"{operation.Kind} of entity '{entityId}'");
    }

    private PreparedOperation PrepareEvent(int index, OutboxEvent outboxEvent, string partitionKey, DateTimeOffset now)
    {
        var what = $"Event {index} ({outboxEvent.Type})";
        if (string.IsNullOrWhiteSpace(outboxEvent.Type) || string.IsNullOrWhiteSpace(outboxEvent.AggregateType) || string.IsNullOrWhiteSpace(outboxEvent.AggregateId))
            throw new ArgumentException($"{what} needs a type, an aggregate type and an aggregate id.", nameof(outboxEvent));

        var record = new OutboxRecord
        {
            Id = Guid.CreateVersion7(now).ToString("D"),
            PartitionKey = partitionKey,
            AggregateType = outboxEvent.AggregateType,
            AggregateId = outboxEvent.AggregateId,
            Type = outboxEvent.Type,
            Data = Serialize(outboxEvent.Data, what) is { } data ? JsonSerializer.SerializeToElement(data, DocumentLimits.SerializerOptions) : JsonSerializer.SerializeToElement<object?>(null),
            OccurredAt = outboxEvent.OccurredAt ?? now,
            CorrelationId = outboxEvent.CorrelationId,
            CausationId = outboxEvent.CausationId,
            TraceParent = outboxEvent.TraceParent ?? (Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.Id : null),
            Headers = outboxEvent.Headers,
            Ttl = options.RecordTimeToLive,
        };
        var json = JsonSerializer.SerializeToNode(record, DocumentLimits.SerializerOptions)!.AsObject();
        json[partitionKeyProperty] = partitionKey;
        return new PreparedOperation(EntityOperationKind.Create, record.Id, JsonSerializer.SerializeToUtf8Bytes(json, DocumentLimits.SerializerOptions), null, null, $"outbox record {record.Id} ({record.Type})");
    }

    private JsonNode? Serialize(object? value, string what)
    {
        try
        {
            return JsonSerializer.SerializeToNode(value, value?.GetType() ?? typeof(object), options.SerializerOptions);
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new ArgumentException($"{what} cannot be serialised to JSON: {exception.Message}", nameof(value), exception);
        }
    }

    private static OutboxWriteException Failure(TransactionalBatchResponse response, List<PreparedOperation> prepared)
    {
        // Every operation but the one that failed reports 424 FailedDependency.
        for (var i = 0; i < response.Count && i < prepared.Count; i++)
        {
            var status = response[i].StatusCode;
            if (status != HttpStatusCode.FailedDependency && (int)status >= 400)
            {
                return new OutboxWriteException(
                    $"The transactional batch was not committed, nothing was written: operation {i} ({prepared[i].Description}) failed with {(int)status} {status}. {response.ErrorMessage}".TrimEnd(),
                    status,
                    i);
            }
        }

        return new OutboxWriteException(
            $"The transactional batch was not committed, nothing was written: {(int)response.StatusCode} {response.StatusCode}. {response.ErrorMessage}".TrimEnd(),
            response.StatusCode,
            null);
    }

    private static string PartitionKeyProperty(OutboxWriterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = options.PartitionKeyPath;
        if (string.IsNullOrEmpty(path) || path[0] != '/' || path.Length < 2 || path.IndexOf('/', 1) >= 0 || path.Contains(',', StringComparison.Ordinal))
            throw new ArgumentException($"OutboxWriterOptions.PartitionKeyPath '{path}' must be one top-level path such as '/customerId'; the writer does not support nested or hierarchical keys.", nameof(options));
        return path[1..];
    }
}

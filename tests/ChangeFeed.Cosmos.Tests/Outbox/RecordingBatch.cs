using System.Net;
using System.Text.Json;
using Microsoft.Azure.Cosmos;

namespace ChangeFeed.Cosmos.Tests.Outbox;

/// <summary>
/// A <see cref="TransactionalBatch"/> that records what was added and answers with the statuses a test chooses,
/// built on the SDK's own abstract types (the local Cosmos stand-in cannot run batches).
/// </summary>
internal sealed class RecordingBatch(PartitionKey partitionKey) : TransactionalBatch
{
    public PartitionKey PartitionKey { get; } = partitionKey;

    public List<(string Kind, string? Id, JsonElement? Body, string? IfMatch, IReadOnlyList<PatchOperation>? Patch)> Operations { get; } = [];

    /// <summary>When set, the operation at this index fails with this status and the others report 424.</summary>
    public (int Index, HttpStatusCode Status)? FailAt { get; set; }

    public int Executions { get; private set; }

    public override TransactionalBatch CreateItemStream(Stream streamPayload, TransactionalBatchItemRequestOptions? requestOptions = null) =>
        Add("Create", null, streamPayload, requestOptions?.IfMatchEtag);

    public override TransactionalBatch UpsertItemStream(Stream streamPayload, TransactionalBatchItemRequestOptions? requestOptions = null) =>
        Add("Upsert", null, streamPayload, requestOptions?.IfMatchEtag);

    public override TransactionalBatch ReplaceItemStream(string id, Stream streamPayload, TransactionalBatchItemRequestOptions? requestOptions = null) =>
        Add("Replace", id, streamPayload, requestOptions?.IfMatchEtag);

    public override TransactionalBatch DeleteItem(string id, TransactionalBatchItemRequestOptions? requestOptions = null) =>
        Add("Delete", id, null, requestOptions?.IfMatchEtag);

    public override TransactionalBatch PatchItem(string id, IReadOnlyList<PatchOperation> patchOperations, TransactionalBatchPatchItemRequestOptions? requestOptions = null)
    {
        Operations.Add(("Patch", id, null, requestOptions?.IfMatchEtag, patchOperations));
        return this;
    }

    public override TransactionalBatch CreateItem<T>(T item, TransactionalBatchItemRequestOptions? requestOptions = null) => throw Typed();

    public override TransactionalBatch ReadItem(string id, TransactionalBatchItemRequestOptions? requestOptions = null) => throw Typed();

    public override TransactionalBatch UpsertItem<T>(T item, TransactionalBatchItemRequestOptions? requestOptions = null) => throw Typed();

    public override TransactionalBatch ReplaceItem<T>(string id, T item, TransactionalBatchItemRequestOptions? requestOptions = null) => throw Typed();

    public override Task<TransactionalBatchResponse> ExecuteAsync(CancellationToken cancellationToken = default)
    {
        Executions++;
        var statuses = Operations.Select((_, i) => FailAt is { } fail ? (i == fail.Index ? fail.Status : HttpStatusCode.FailedDependency) : HttpStatusCode.OK).ToArray();
        return Task.FromResult<TransactionalBatchResponse>(new Response(FailAt?.Status ?? HttpStatusCode.OK, statuses));
    }

    public override Task<TransactionalBatchResponse> ExecuteAsync(TransactionalBatchRequestOptions requestOptions, CancellationToken cancellationToken = default) =>
        ExecuteAsync(cancellationToken);

    private RecordingBatch Add(string kind, string? id, Stream? body, string? ifMatch)
    {
        JsonElement? json = body is null ? null : JsonSerializer.Deserialize<JsonElement>(body);
        Operations.Add((kind, id ?? json?.GetProperty("id").GetString(), json, ifMatch, null));
        return this;
    }

    private static InvalidOperationException Typed() => new("the outbox writer must send serialised streams it validated itself");

    private sealed class Response(HttpStatusCode status, HttpStatusCode[] statuses) : TransactionalBatchResponse
    {
        public override HttpStatusCode StatusCode => status;

        public override bool IsSuccessStatusCode => (int)status is >= 200 and < 300;

        public override int Count => statuses.Length;

        public override double RequestCharge => 12.5;

        public override string ErrorMessage => IsSuccessStatusCode ? string.Empty : "conflict (test)";

        public override TransactionalBatchOperationResult this[int index] => new Result(statuses[index]);
    }

    private sealed class Result(HttpStatusCode status) : TransactionalBatchOperationResult
    {
        public override HttpStatusCode StatusCode => status;
    }
}

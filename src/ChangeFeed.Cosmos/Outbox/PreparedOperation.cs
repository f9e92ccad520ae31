using Microsoft.Azure.Cosmos;

namespace ChangeFeed.Cosmos.Outbox;

/// <summary>One validated, serialised operation of an outbox batch.</summary>
internal sealed record PreparedOperation(
    EntityOperationKind Kind, string? Id, byte[]? Body, IReadOnlyList<PatchOperation>? Patch, string? IfMatchEtag, string Description)
{
    public void AddTo(TransactionalBatch batch)
    {
        var options = IfMatchEtag is null ? null : new TransactionalBatchItemRequestOptions { IfMatchEtag = IfMatchEtag };
        switch (Kind)
        {
            case EntityOperationKind.Create:
                batch.CreateItemStream(new MemoryStream(Body!, writable: false), options);
                break;
            case EntityOperationKind.Upsert:
                batch.UpsertItemStream(new MemoryStream(Body!, writable: false), options);
                break;
            case EntityOperationKind.Replace:
                batch.ReplaceItemStream(Id!, new MemoryStream(Body!, writable: false), options);
                break;
            case EntityOperationKind.Patch:
                batch.PatchItem(Id!, Patch!, IfMatchEtag is null ? null : new TransactionalBatchPatchItemRequestOptions { IfMatchEtag = IfMatchEtag });
                break;
            case EntityOperationKind.Delete:
                batch.DeleteItem(Id!, options);
                break;
            default:
                throw new InvalidOperationException($"Unknown operation kind {Kind}.");
        }
    }
}

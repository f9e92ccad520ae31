using Microsoft.Azure.Cosmos;

namespace ChangeFeed.Cosmos.Outbox;

/// <summary>A write to an entity, committed in the same transactional batch as the outbox records.</summary>
public sealed record EntityOperation
{
    private EntityOperation(EntityOperationKind kind, string? id, object? entity, IReadOnlyList<PatchOperation>? patch, string? ifMatchEtag)
    {
        Kind = kind;
        Id = id;
        Entity = entity;
        Patch = patch;
        IfMatchEtag = ifMatchEtag;
    }

    public EntityOperationKind Kind { get; }

    /// <summary>The id, for patch and delete (create, upsert and replace read it from the entity).</summary>
    public string? Id { get; }

    public object? Entity { get; }

    public IReadOnlyList<PatchOperation>? Patch { get; }

    /// <summary>Optimistic concurrency: the batch fails (and writes nothing) if the item changed since this etag.</summary>
    public string? IfMatchEtag { get; }

    public static EntityOperation Create(object entity) => new(EntityOperationKind.Create, null, entity, null, null);

    public static EntityOperation Upsert(object entity, string? ifMatchEtag = null) => new(EntityOperationKind.Upsert, null, entity, null, ifMatchEtag);

    public static EntityOperation Replace(object entity, string? ifMatchEtag = null) => new(EntityOperationKind.Replace, null, entity, null, ifMatchEtag);

    public static EntityOperation PatchItem(string id, IReadOnlyList<PatchOperation> operations, string? ifMatchEtag = null) =>
        new(EntityOperationKind.Patch, id, null, operations, ifMatchEtag);

    public static EntityOperation Delete(string id, string? ifMatchEtag = null) => new(EntityOperationKind.Delete, id, null, null, ifMatchEtag);
}

public enum EntityOperationKind
{
    Create,
    Upsert,
    Replace,
    Patch,
    Delete,
}

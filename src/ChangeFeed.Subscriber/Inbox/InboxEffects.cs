using System.Text.Json.Nodes;

namespace ChangeFeed.Subscriber.Inbox;

/// <summary>The writes a handler wants, on the same partition as the inbox marker so that they commit together.</summary>
public sealed class InboxEffects(string partitionKey)
{
    private readonly List<InboxEffect> effects = [];

    public string PartitionKey { get; } = partitionKey;

    public IReadOnlyList<InboxEffect> All => effects;

    /// <summary>Creates or replaces a read-model document; its <c>partitionKey</c> is set to the inbox partition.</summary>
    public void Upsert(string id, JsonObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        document["id"] = id;
        document["partitionKey"] = PartitionKey;
        effects.Add(new InboxEffect(InboxEffectKind.Upsert, id, document));
    }

    /// <summary>
    /// Creates or replaces a read-model document with an entity's state unless it already holds the same or a newer one:
    /// <paramref name="position"/> is the state's change position (the event's <c>lsn</c>), kept in the document as
    /// <see cref="PositionProperty"/>. A backfilled state that arrives after a newer live change (or a live change older
    /// than the backfilled state) leaves the document as it is.
    /// </summary>
    public void KeepNewest(string id, long position, JsonObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        document["id"] = id;
        document["partitionKey"] = PartitionKey;
        document[PositionProperty] = position;
        effects.Add(new InboxEffect(InboxEffectKind.KeepNewest, id, document, position));
    }

    /// <summary>The property of a <see cref="KeepNewest"/> document that holds its state's position.</summary>
    public const string PositionProperty = "position";

    /// <summary>Sets top-level properties of an existing read-model document.</summary>
    public void Set(string id, JsonObject properties) => effects.Add(new InboxEffect(InboxEffectKind.Set, id, properties));

    /// <summary>Adds <paramref name="by"/> to a top-level number of an existing read-model document (not idempotent: the inbox makes it once).</summary>
    public void Increment(string id, string property, long by = 1) =>
        effects.Add(new InboxEffect(InboxEffectKind.Increment, id, new JsonObject { [property] = by }));
}

/// <param name="Position">For <see cref="InboxEffectKind.KeepNewest"/>: the state's change position.</param>
public sealed record InboxEffect(InboxEffectKind Kind, string Id, JsonObject Document, long Position = 0)
{
    /// <summary>Whether a <see cref="InboxEffectKind.KeepNewest"/> effect replaces what is stored (nothing, or an older state).</summary>
    public bool IsNewerThan(JsonNode? stored) =>
        stored?[InboxEffects.PositionProperty] is not JsonValue value || !value.TryGetValue<long>(out var kept) || kept < Position;
}

public enum InboxEffectKind
{
    Upsert,
    Set,
    Increment,
    KeepNewest,
}

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

    /// <summary>Sets top-level properties of an existing read-model document.</summary>
    public void Set(string id, JsonObject properties) => effects.Add(new InboxEffect(InboxEffectKind.Set, id, properties));

    /// <summary>Adds <paramref name="by"/> to a top-level number of an existing read-model document (not idempotent: the inbox makes it once).</summary>
    public void Increment(string id, string property, long by = 1) =>
        effects.Add(new InboxEffect(InboxEffectKind.Increment, id, new JsonObject { [property] = by }));
}

public sealed record InboxEffect(InboxEffectKind Kind, string Id, JsonObject Document);

public enum InboxEffectKind
{
    Upsert,
    Set,
    Increment,
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;

namespace ChangeFeed.Subscriber.Inbox;

/// <summary>An inbox in memory, with the same all-or-nothing rule: for tests and trials.</summary>
public sealed class InMemoryInbox : IInbox
{
    private readonly ConcurrentDictionary<string, byte> handled = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonObject> documents = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public IReadOnlyDictionary<string, JsonObject> Documents => documents;

    public async Task<bool> TryHandleAsync(string messageId, string partitionKey, Func<InboxEffects, CancellationToken, Task> handle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (handled.ContainsKey(messageId))
            return false;

        var effects = new InboxEffects(partitionKey);
        await handle(effects, cancellationToken);
        lock (gate)
        {
            if (handled.ContainsKey(messageId))
                return false;

            // All or nothing, like the Cosmos DB batch: work on copies, then commit marker and documents together.
            var changed = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            foreach (var effect in effects.All)
                changed[effect.Id] = Apply(effect, changed.GetValueOrDefault(effect.Id) ?? Existing(effect.Id));
            handled[messageId] = 0;
            foreach (var (id, document) in changed)
                documents[id] = document;
        }

        return true;
    }

    private static long Number(JsonNode? node) => node is null ? 0 : long.Parse(node.ToJsonString(), CultureInfo.InvariantCulture);

    private JsonObject? Existing(string id) => documents.TryGetValue(id, out var document) ? (JsonObject)document.DeepClone() : null;

    private static JsonObject Apply(InboxEffect effect, JsonObject? current)
    {
        if (effect.Kind == InboxEffectKind.Upsert)
            return (JsonObject)effect.Document.DeepClone();
        if (effect.Kind == InboxEffectKind.KeepNewest)
            return effect.IsNewerThan(current) ? (JsonObject)effect.Document.DeepClone() : current!;

        var document = current ?? throw new InvalidOperationException($"Read-model document '{effect.Id}' does not exist.");
        foreach (var (key, value) in effect.Document)
        {
            document[key] = effect.Kind == InboxEffectKind.Increment
                ? Number(document[key]) + Number(value)
                : value?.DeepClone();
        }

        return document;
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using ChangeFeed.Envelope;
using ChangeFeed.Orders;
using ChangeFeed.Subscriber.Inbox;
using CloudNative.CloudEvents;

namespace ChangeFeed.Subscriber.Handlers;

/// <summary>
/// Keeps a copy of each order's newest state from change data capture (<c>orders-cdc</c>): <c>order-&lt;id&gt;</c> holds
/// the document as the event carried it and the change's position. Live changes and a backfill reach the subscription
/// in any interleaving, so a state is written only when it is newer than the one kept (<see cref="InboxEffects.KeepNewest"/>,
/// by the event's <c>lsn</c>): a backfilled state never overwrites a newer live change, nor an older live change a
/// newer backfilled state.
/// </summary>
public sealed class OrderUpsertedHandler : IEventTypeHandler
{
    public string EventType => OrderEvents.StateUpserted;

    public Task HandleAsync(CloudEvent cloudEvent, InboxEffects effects, CancellationToken cancellationToken) =>
        OrderState.KeepAsync(cloudEvent, effects, deleted: false);
}

/// <summary>Keeps an order's deletion as its newest state (a tombstone), so that an older backfilled state does not bring it back.</summary>
public sealed class OrderDeletedHandler : IEventTypeHandler
{
    public string EventType => OrderEvents.StateDeleted;

    public Task HandleAsync(CloudEvent cloudEvent, InboxEffects effects, CancellationToken cancellationToken) =>
        OrderState.KeepAsync(cloudEvent, effects, deleted: true);
}

internal static class OrderState
{
    public static Task KeepAsync(CloudEvent cloudEvent, InboxEffects effects, bool deleted)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        ArgumentNullException.ThrowIfNull(effects);
        var lsn = cloudEvent.GetLsn()
            ?? throw new InvalidEventDataException($"Event {cloudEvent.Id} ({cloudEvent.Type}) has no readable 'lsn' attribute: without its position a state cannot be told from an older one.");
        if (string.IsNullOrEmpty(cloudEvent.Subject))
            throw new InvalidEventDataException($"Event {cloudEvent.Id} ({cloudEvent.Type}) has no subject (the order id).");
        if (cloudEvent.Data is not JsonElement { ValueKind: JsonValueKind.Object } data)
            throw new InvalidEventDataException($"Event {cloudEvent.Id} ({cloudEvent.Type}) has no order document as data.");

        effects.KeepNewest($"order-{cloudEvent.Subject}", lsn, new JsonObject
        {
            ["orderId"] = cloudEvent.Subject,
            ["deleted"] = deleted,
            ["changedAt"] = cloudEvent.Time,
            ["state"] = JsonNode.Parse(data.GetRawText(), documentOptions: DocumentLimits.DocumentOptions),
        });
        return Task.CompletedTask;
    }
}

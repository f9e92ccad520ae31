using System.Text.Json;
using System.Text.Json.Nodes;
using ChangeFeed.Orders;
using ChangeFeed.Subscriber.Inbox;
using CloudNative.CloudEvents;

namespace ChangeFeed.Subscriber.Handlers;

/// <summary>Keeps an order summary read model: created by OrderPlaced.</summary>
public sealed class OrderPlacedHandler : IEventTypeHandler
{
    public string EventType => OrderEvents.Placed;

    public Task HandleAsync(CloudEvent cloudEvent, InboxEffects effects, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        ArgumentNullException.ThrowIfNull(effects);
        var placed = EventData.Read<OrderPlaced>(cloudEvent);
        effects.Upsert($"summary-{placed.OrderId}", new JsonObject
        {
            ["orderId"] = placed.OrderId,
            ["customerId"] = placed.CustomerId,
            ["total"] = placed.Total,
            ["status"] = "placed",
            ["events"] = 1L,
        });
        return Task.CompletedTask;
    }
}

/// <summary>
/// Marks the order summary shipped and counts the event in <c>events</c>: needs the summary OrderPlaced created (same
/// session, so it came first). The count is not idempotent on purpose: the inbox is what keeps it right.
/// </summary>
public sealed class OrderShippedHandler : IEventTypeHandler
{
    public string EventType => OrderEvents.Shipped;

    public Task HandleAsync(CloudEvent cloudEvent, InboxEffects effects, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        ArgumentNullException.ThrowIfNull(effects);
        var shipped = EventData.Read<OrderShipped>(cloudEvent);
        effects.Set($"summary-{shipped.OrderId}", new JsonObject
        {
            ["status"] = "shipped",
            ["carrier"] = shipped.Carrier,
            ["shippedAt"] = shipped.ShippedAt,
        });
        effects.Increment($"summary-{shipped.OrderId}", "events");
        return Task.CompletedTask;
    }
}

/// <summary>Reads typed event data; a payload that does not fit is an error the dispatcher dead-letters.</summary>
internal static class EventData
{
    private static readonly JsonSerializerOptions Options = DocumentLimits.WithReadDepth(new(JsonSerializerDefaults.Web));

    public static T Read<T>(CloudEvent cloudEvent)
    {
        try
        {
            if (cloudEvent.Data is JsonElement data && data.Deserialize<T>(Options) is { } value)
                return value;
        }
        catch (JsonException exception)
        {
            throw new InvalidEventDataException($"Event {cloudEvent.Id} ({cloudEvent.Type}) has data that is not {typeof(T).Name}: {exception.Message}", exception);
        }

        throw new InvalidEventDataException($"Event {cloudEvent.Id} ({cloudEvent.Type}) has no {typeof(T).Name} data.");
    }
}

using ChangeFeed.Cosmos.Outbox;

namespace ChangeFeed.Orders;

/// <summary>
/// Application code as the outbox pattern wants it: each state change and the event it causes are saved in one
/// call, so both commit or neither does. Publishing is the relay's job, not this class's.
/// </summary>
public sealed class OrderService(OutboxWriter outbox, TimeProvider timeProvider)
{
    public async Task<SavedOrder> PlaceAsync(string orderId, string customerId, IReadOnlyList<OrderLine> lines, CancellationToken cancellationToken)
    {
        var order = new Order(orderId, customerId, lines, "placed");
        var saved = await outbox.SaveAsync(
            customerId,
            [EntityOperation.Create(order)],
            [new OutboxEvent(OrderEvents.Placed, OrderEvents.AggregateType, orderId, new OrderPlaced(orderId, customerId, order.Total, lines.Count))],
            cancellationToken);
        return new SavedOrder(order, saved.EntityETags[0]!, saved.EventIds[0]);
    }

    /// <summary>
    /// Ships a placed order if it has not changed since <paramref name="placed"/> was saved: a concurrent change
    /// refuses the whole batch (<see cref="OutboxWriteException"/> with 412), so neither the order nor its event changes.
    /// </summary>
    public async Task<SavedOrder> ShipAsync(SavedOrder placed, string carrier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(placed);
        var shipped = placed.Order with { Status = "shipped" };
        var saved = await outbox.SaveAsync(
            shipped.CustomerId,
            [EntityOperation.Replace(shipped, placed.ETag)],
            [new OutboxEvent(OrderEvents.Shipped, OrderEvents.AggregateType, shipped.Id, new OrderShipped(shipped.Id, shipped.CustomerId, carrier, timeProvider.GetUtcNow()))],
            cancellationToken);
        return new SavedOrder(shipped, saved.EntityETags[0]!, saved.EventIds[0]);
    }
}

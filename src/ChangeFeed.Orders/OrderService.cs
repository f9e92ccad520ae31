using ChangeFeed.Cosmos.Outbox;

namespace ChangeFeed.Orders;

/// <summary>
/// Application code as the outbox pattern wants it: each state change and the event it causes are saved in one
/// call, so both commit or neither does. Publishing is the relay's job, not this class's.
/// </summary>
public sealed class OrderService(OutboxWriter outbox, TimeProvider timeProvider)
{
    public async Task<Order> PlaceAsync(string orderId, string customerId, IReadOnlyList<OrderLine> lines, CancellationToken cancellationToken)
    {
        var order = new Order(orderId, customerId, lines, "placed");
        await outbox.SaveAsync(
            customerId,
            [EntityOperation.Create(order)],
            [new OutboxEvent(OrderEvents.Placed, OrderEvents.AggregateType, orderId, new OrderPlaced(orderId, customerId, order.Total, lines.Count))],
            cancellationToken);
        return order;
    }

    /// <summary>Ships a placed order; <paramref name="etag"/> makes a concurrent change fail the whole batch.</summary>
    public async Task<Order> ShipAsync(Order order, string carrier, string? etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        var shipped = order with { Status = "shipped" };
        await outbox.SaveAsync(
            order.CustomerId,
            [EntityOperation.Replace(shipped, etag)],
            [new OutboxEvent(OrderEvents.Shipped, OrderEvents.AggregateType, order.Id, new OrderShipped(order.Id, order.CustomerId, carrier, timeProvider.GetUtcNow()))],
            cancellationToken);
        return shipped;
    }
}

namespace ChangeFeed.Orders;

/// <summary>The integration events of the orders domain: what other systems may rely on.</summary>
public static class OrderEvents
{
    public const string AggregateType = "order";
    public const string Placed = "com.contoso.orders.OrderPlaced";
    public const string Shipped = "com.contoso.orders.OrderShipped";

    /// <summary>The state of an order, as change data capture of the <c>orders</c> container publishes it (route EventType <c>com.contoso.orders.order</c>).</summary>
    public const string StateUpserted = "com.contoso.orders.order.upserted";

    /// <summary>An order deleted (soft delete), as change data capture publishes it.</summary>
    public const string StateDeleted = "com.contoso.orders.order.deleted";
}

/// <summary>Data of <see cref="OrderEvents.Placed"/>.</summary>
public sealed record OrderPlaced(string OrderId, string CustomerId, decimal Total, int Lines);

/// <summary>Data of <see cref="OrderEvents.Shipped"/>.</summary>
public sealed record OrderShipped(string OrderId, string CustomerId, string Carrier, DateTimeOffset ShippedAt);

namespace ChangeFeed.Orders;

/// <summary>The integration events of the orders domain: what other systems may rely on.</summary>
public static class OrderEvents
{
    public const string AggregateType = "order";
    public const string Placed = "com.contoso.orders.OrderPlaced";
    public const string Shipped = "com.contoso.orders.OrderShipped";
}

/// <summary>Data of <see cref="OrderEvents.Placed"/>.</summary>
public sealed record OrderPlaced(string OrderId, string CustomerId, decimal Total, int Lines);

/// <summary>Data of <see cref="OrderEvents.Shipped"/>.</summary>
public sealed record OrderShipped(string OrderId, string CustomerId, string Carrier, DateTimeOffset ShippedAt);

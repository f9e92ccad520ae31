namespace ChangeFeed.Orders;

/// <summary>An order, stored in the <c>orders</c> container, partitioned by customer.</summary>
public sealed record Order(string Id, string CustomerId, IReadOnlyList<OrderLine> Lines, string Status)
{
    public decimal Total => Lines.Sum(line => line.Quantity * line.UnitPrice);
}

public sealed record OrderLine(string Sku, int Quantity, decimal UnitPrice);

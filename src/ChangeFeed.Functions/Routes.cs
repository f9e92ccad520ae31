namespace ChangeFeed.Functions;

/// <summary>Route names: each is configured under <c>ChangeFeed:Routes:&lt;name&gt;</c> (<c>ChangeFeed__Routes__orders__Topic</c>, ...).</summary>
public static class Routes
{
    /// <summary>Change data capture of the data container (<c>ORDERS_CONTAINER</c>).</summary>
    public const string Orders = "orders";
}

namespace ChangeFeed.Functions;

/// <summary>Route names: each is configured under <c>ChangeFeed:Routes:&lt;name&gt;</c> (<c>ChangeFeed__Routes__orders__Topic</c>, ...).</summary>
public static class Routes
{
    /// <summary>Change data capture of the data container (<c>ORDERS_CONTAINER</c>).</summary>
    public const string Orders = "orders";

    /// <summary>Transactional outbox records (<c>OUTBOX_CONTAINER</c>).</summary>
    public const string Outbox = "outbox";

    /// <summary>The append-only event store (<c>EVENTS_CONTAINER</c>).</summary>
    public const string EventStore = "eventstore";

    /// <summary>Every route a relay function uses; each must be configured.</summary>
    public static IReadOnlyList<string> All { get; } = [Orders, Outbox, EventStore];
}

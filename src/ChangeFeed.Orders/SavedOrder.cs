namespace ChangeFeed.Orders;

/// <summary>An order as committed, with its etag (for the next change's concurrency check) and the id of the event it caused.</summary>
public sealed record SavedOrder(Order Order, string ETag, string EventId);

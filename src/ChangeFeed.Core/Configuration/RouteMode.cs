namespace ChangeFeed.Configuration;

/// <summary>How a route reads the documents of its container.</summary>
public enum RouteMode
{
    /// <summary>Change data capture: every document change becomes <c>&lt;type&gt;.upserted</c> or <c>&lt;type&gt;.deleted</c>.</summary>
    Cdc,

    /// <summary>Transactional outbox: outbox records become exactly the event the application wrote.</summary>
    Outbox,

    /// <summary>Event sourcing: every document appended to an event container is published as is.</summary>
    EventStore,
}

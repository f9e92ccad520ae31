namespace ChangeFeed.Configuration;

/// <summary>What happens to an event too large for a Service Bus message on its topic.</summary>
public enum LargeEventHandling
{
    /// <summary>
    /// Its data goes to the claim check store (Blob Storage) and the message carries the CloudEvent's attributes with
    /// <c>dataref</c>, the data's URI. Where no store is configured, the event is parked instead.
    /// </summary>
    ClaimCheck,

    /// <summary>The change is parked with the reason; it can be replayed once the topic takes larger messages.</summary>
    Park,
}

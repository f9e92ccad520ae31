namespace ChangeFeed.Envelope;

/// <summary>
/// Whom a message is for, in terms a Service Bus correlation filter matches (equality on properties, the cheapest
/// filter the broker evaluates): every message carries the application property <see cref="Property"/>, <see cref="Live"/>
/// for the relay's own and <see cref="Backfill"/> for a backfill's, which also names its one subscription in the
/// message's <c>To</c>. A subscription's rules let through <c>changefeed_delivery = live</c>, and
/// <c>changefeed_delivery = backfill</c> with <c>To</c> = its own name; so no subscription sees another's backfill.
/// </summary>
public static class Delivery
{
    /// <summary>The application property every message carries.</summary>
    public const string Property = "changefeed_delivery";

    /// <summary>A change the relay publishes for every subscription.</summary>
    public const string Live = "live";

    /// <summary>A backfilled copy, for the subscription named in <c>To</c> only.</summary>
    public const string Backfill = "backfill";

    /// <summary>The value of <see cref="Property"/> for this event.</summary>
    public static string Of(IntegrationEvent integrationEvent)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        return integrationEvent.BackfillSubscription is null ? Live : Backfill;
    }
}

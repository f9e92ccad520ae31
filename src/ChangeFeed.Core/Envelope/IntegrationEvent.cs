using ChangeFeed.Configuration;

namespace ChangeFeed.Envelope;

/// <summary>
/// An integration event ready to publish: the CloudEvents 1.0 attributes, the data, and where it goes.
/// </summary>
/// <param name="Id">CloudEvents <c>id</c>; deterministic, so a re-delivered change yields the same id (Service Bus <c>MessageId</c>).</param>
/// <param name="Source">CloudEvents <c>source</c>.</param>
/// <param name="Type">CloudEvents <c>type</c> (Service Bus <c>Subject</c>).</param>
/// <param name="Subject">CloudEvents <c>subject</c>: the document or aggregate id.</param>
/// <param name="Time">CloudEvents <c>time</c>.</param>
/// <param name="Data">The event's data, encoded as <see cref="DataContentType"/>.</param>
/// <param name="PartitionKey">The <c>partitionkey</c> extension; the ordering key (Service Bus session).</param>
/// <param name="Topic">The Service Bus topic.</param>
/// <param name="ContentMode">Binary or structured.</param>
public sealed record IntegrationEvent(
    string Id,
    string Source,
    string Type,
    string Subject,
    DateTimeOffset Time,
    ReadOnlyMemory<byte> Data,
    string PartitionKey,
    string Topic,
    ContentMode ContentMode = ContentMode.Binary)
{
    /// <summary>The CloudEvents specification version this envelope follows.</summary>
    public const string SpecVersion = "1.0";

    /// <summary>CloudEvents <c>datacontenttype</c>.</summary>
    public string DataContentType { get; init; } = "application/json";

    /// <summary>CloudEvents <c>dataschema</c>: the <c>$id</c> of the data's JSON Schema, when the route names one for this type.</summary>
    public Uri? DataSchema { get; init; }

    /// <summary>Copied to the message's <c>CorrelationId</c> when the source carries one.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>W3C trace context recorded with the change (outbox); otherwise the current activity is used.</summary>
    public string? TraceParent { get; init; }

    /// <summary>Extra application properties (outbox <c>causationId</c> and <c>headers</c>).</summary>
    public IReadOnlyDictionary<string, string>? Properties { get; init; }

    /// <summary>
    /// The change's <c>_lsn</c>, its position in the change feed: the <c>lsn</c> extension attribute (what a subscriber
    /// compares to keep the newest state of an entity), and for diagnostics and parking. 0 when unknown (not sent).
    /// </summary>
    public long Lsn { get; init; }

    /// <summary>What happens when the event is too large for its topic (the route's <c>LargeEvents</c>).</summary>
    public LargeEventHandling LargeEvents { get; init; } = LargeEventHandling.ClaimCheck;

    /// <summary>
    /// The CloudEvents <c>dataref</c> extension: where the data is stored when it travels by claim check. Set, the
    /// message carries no data and <see cref="Data"/> is empty.
    /// </summary>
    public Uri? DataRef { get; init; }

    /// <summary>
    /// For a backfilled event, the one subscription it is meant for (the message's <c>To</c>); null for a live event,
    /// which is meant for every subscription.
    /// </summary>
    public string? BackfillSubscription { get; init; }

    /// <summary>For a backfilled event, the id the change has when published live (the <c>originalid</c> extension attribute).</summary>
    public string? OriginalId { get; init; }

    /// <summary>The <c>lsn</c> extension attribute's value, null when the position is unknown.</summary>
    public string? LsnAttributeValue => Lsn > 0 ? Lsn.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>
    /// The data as the router wrote it, from a parsed document: well-formed JSON. Kept apart from <see cref="Data"/>
    /// so that an event copied <c>with</c> other data is no longer taken for it.
    /// </summary>
    internal ReadOnlyMemory<byte> RouterWrittenData { get; init; }

    /// <summary>Whether <see cref="Data"/> is JSON the router wrote itself, so structured mode may embed it without parsing it again.</summary>
    internal bool DataIsWellFormedJson => !RouterWrittenData.IsEmpty && RouterWrittenData.Equals(Data);
}

namespace ChangeFeed.Configuration;

/// <summary>
/// One watched container, bound from <c>ChangeFeed:Routes:&lt;name&gt;</c>. List-valued settings are comma-separated
/// strings so that they fit in a single app setting (<c>ChangeFeed__Routes__orders__ExcludeProperties=secret,internal</c>).
/// </summary>
public sealed class RouteOptions
{
    /// <summary><c>cdc</c> (default), <c>outbox</c> or <c>eventstore</c>. A string, so that a wrong value is reported by name, not dropped by the binder.</summary>
    public string? Mode { get; set; }

    /// <summary>The Cosmos DB database of the watched container.</summary>
    public string? Database { get; set; }

    /// <summary>The watched container.</summary>
    public string? Container { get; set; }

    /// <summary>The Service Bus topic the events go to.</summary>
    public string? Topic { get; set; }

    /// <summary>A fixed entity type, e.g. <c>com.contoso.orders.order</c>. Either this or <see cref="TypeProperty"/>.</summary>
    public string? EventType { get; set; }

    /// <summary>The document property that holds the entity type, e.g. <c>type</c>. Either this or <see cref="EventType"/>.</summary>
    public string? TypeProperty { get; set; }

    /// <summary>Prepended to the type, e.g. <c>com.contoso.</c>.</summary>
    public string? TypePrefix { get; set; }

    /// <summary>Appended to the type after a dot, e.g. <c>v1</c> gives <c>com.contoso.order.upserted.v1</c>.</summary>
    public string? TypeVersion { get; set; }

    /// <summary>The CloudEvents <c>source</c>; default <c>/cosmos/&lt;account&gt;/&lt;database&gt;/&lt;container&gt;</c>.</summary>
    public string? Source { get; set; }

    /// <summary>The container's partition key path, or up to three comma-separated paths for a hierarchical key.</summary>
    public string? PartitionKeyPath { get; set; }

    /// <summary>The JSON types a partition key value may have: any of <c>string,number,boolean,null</c>. Default <c>string,number</c>.</summary>
    public string? PartitionKeyTypes { get; set; }

    /// <summary>Top-level properties to keep in <c>data</c> (all others dropped). Not together with <see cref="ExcludeProperties"/>.</summary>
    public string? IncludeProperties { get; set; }

    /// <summary>Top-level properties to drop from <c>data</c>.</summary>
    public string? ExcludeProperties { get; set; }

    /// <summary>A boolean property that marks a document as deleted; when <c>true</c> the change becomes <c>&lt;type&gt;.deleted</c>.</summary>
    public string? SoftDeleteProperty { get; set; }

    /// <summary>A document property whose string value becomes the message's <c>CorrelationId</c>.</summary>
    public string? CorrelationIdProperty { get; set; }

    /// <summary>Outbox: the ordering key (Service Bus session): <c>aggregateId</c> (default) or <c>partitionKey</c>.</summary>
    public string? SessionKey { get; set; }

    /// <summary>Outbox: topics by aggregate type, e.g. <c>order=orders-events,invoice=billing-events</c>; others go to <see cref="Topic"/>.</summary>
    public string? AggregateTopics { get; set; }

    /// <summary><c>binary</c> (default) or <c>structured</c>.</summary>
    public string? ContentMode { get; set; }

    /// <summary>
    /// An event too large for its topic: <c>claimcheck</c> (default where a claim check store is configured: its data
    /// goes to Blob Storage and the message carries <c>dataref</c>) or <c>park</c>.
    /// </summary>
    public string? LargeEvents { get; set; }

    /// <summary>
    /// The event types the route publishes, comma-separated, for the event contract (the <c>contract</c> command) and
    /// its subscription rules; a <c>cdc</c> route with <see cref="EventType"/> knows its two types without it.
    /// </summary>
    public string? EventTypes { get; set; }

    /// <summary>
    /// JSON Schema files of the events' data by event type, e.g. <c>com.contoso.orders.OrderPlaced=schemas/order-placed.json</c>:
    /// each file's <c>$id</c> is stamped on those events as the CloudEvents <c>dataschema</c> and the contract includes the schema.
    /// </summary>
    public string? DataSchema { get; set; }

    /// <summary>
    /// <c>true</c>: a change whose data does not conform to the <see cref="DataSchema"/> of its event type is parked with
    /// the validator's message instead of published. Default <c>false</c> (the schemas only describe).
    /// </summary>
    public string? EnforceDataSchema { get; set; }

    /// <summary>The mode, when <see cref="Mode"/> names one (empty means <c>cdc</c>).</summary>
    internal RouteMode? ParsedMode => string.IsNullOrWhiteSpace(Mode)
        ? RouteMode.Cdc
        : Enum.TryParse<RouteMode>(Mode, ignoreCase: true, out var mode) && Enum.IsDefined(mode) && !int.TryParse(Mode, out _) ? mode : null;

    /// <summary>The content mode, when <see cref="ContentMode"/> names one (empty means binary).</summary>
    internal ContentMode? ParsedContentMode => string.IsNullOrWhiteSpace(ContentMode)
        ? Configuration.ContentMode.Binary
        : Enum.TryParse<ContentMode>(ContentMode, ignoreCase: true, out var mode) && Enum.IsDefined(mode) && !int.TryParse(ContentMode, out _) ? mode : null;

    /// <summary>The large-event handling, when <see cref="LargeEvents"/> names one (empty means claim check where possible).</summary>
    internal LargeEventHandling? ParsedLargeEvents => string.IsNullOrWhiteSpace(LargeEvents)
        ? LargeEventHandling.ClaimCheck
        : Enum.TryParse<LargeEventHandling>(LargeEvents, ignoreCase: true, out var handling) && Enum.IsDefined(handling) && !int.TryParse(LargeEvents, out _) ? handling : null;
}

namespace ChangeFeed.Cosmos.Outbox;

/// <summary>An integration event the application wants published when its state change commits.</summary>
/// <param name="Type">The event type, e.g. <c>com.contoso.orders.OrderPlaced</c>.</param>
/// <param name="AggregateType">What kind of entity changed, e.g. <c>order</c>.</param>
/// <param name="AggregateId">Which entity changed; events of one aggregate are delivered in order.</param>
/// <param name="Data">The payload; serialised with System.Text.Json.</param>
public sealed record OutboxEvent(string Type, string AggregateType, string AggregateId, object? Data)
{
    /// <summary>When it happened; default: when <see cref="OutboxWriter.SaveAsync"/> is called.</summary>
    public DateTimeOffset? OccurredAt { get; init; }

    public string? CorrelationId { get; init; }

    public string? CausationId { get; init; }

    /// <summary>Default: the current activity's W3C id, so the trace continues through the relay.</summary>
    public string? TraceParent { get; init; }

    public IReadOnlyDictionary<string, string>? Headers { get; init; }
}

namespace ChangeFeed.EndToEnd.Tests.Infrastructure;

/// <summary>The figures of the orders flow, from the order service to the subscriber's read model.</summary>
public sealed record OrderFlowFigures
{
    public required int Orders { get; init; }

    /// <summary>Order changes attempted (place and ship, each one <c>OutboxWriter</c> batch), committed and refused (stale etag).</summary>
    public required int Attempted { get; init; }

    public required int Committed { get; init; }

    public required int Refused { get; init; }

    /// <summary>Outbox records in the container; distinct events on the topic; deliveries to the subscriber (redeliveries included).</summary>
    public required int Written { get; init; }

    public required int Published { get; init; }

    public required int Received { get; init; }

    /// <summary>Effects in the read model (the summaries' event counts) against the events the committed changes meant.</summary>
    public required long Applied { get; init; }

    public required int Meant { get; init; }

    /// <summary>Re-sends the broker dropped by MessageId (stand-in only: null against a real namespace); redeliveries the inbox recognised.</summary>
    public required int? DroppedByBroker { get; init; }

    public required int RecognisedByInbox { get; init; }

    /// <summary>Events meant whose effect is not in the read model.</summary>
    public required int Lost { get; init; }

    public required TimeSpan Elapsed { get; init; }

    public override string ToString() =>
        $"orders {Orders}: changes attempted {Attempted}, committed {Committed}, refused {Refused}; "
        + $"events written {Written}, published {Published}, received {Received}; effects applied {Applied} of {Meant} meant; "
        + $"duplicates absorbed by the broker {(DroppedByBroker is { } dropped ? dropped.ToString(System.Globalization.CultureInfo.InvariantCulture) : "n/a (real namespace)")}, by the inbox {RecognisedByInbox}; "
        + $"lost {Lost}; elapsed {Elapsed.TotalSeconds:F1} s";
}

using ChangeFeed.Envelope;

namespace ChangeFeed.Publishing;

/// <summary>What a publish call did.</summary>
/// <param name="Published">Events sent.</param>
/// <param name="Batches">Send calls made.</param>
/// <param name="Rejected">Events that can never be sent, with the reason.</param>
public sealed record PublishResult(int Published, int Batches, IReadOnlyList<RejectedEvent> Rejected)
{
    public static PublishResult Empty { get; } = new(0, 0, []);

    /// <summary>Of the events sent, those whose data went to the claim check store and whose message refers to it (<c>dataref</c>).</summary>
    public int ClaimChecked { get; init; }
}

/// <summary>An event the broker can never take as it is (e.g. larger than the largest message).</summary>
public sealed record RejectedEvent(IntegrationEvent Event, string Reason)
{
    /// <summary>The type of the exception that encoding the event threw, when that is why it was rejected.</summary>
    public string? ErrorType { get; init; }
}

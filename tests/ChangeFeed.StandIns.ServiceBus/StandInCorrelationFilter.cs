using ChangeFeed.StandIns.ServiceBus.Internal;

namespace ChangeFeed.StandIns.ServiceBus;

/// <summary>
/// A Service Bus correlation filter: every property that is set must equal the message's
/// (ordinal comparison). No SQL filters.
/// </summary>
public sealed record StandInCorrelationFilter
{
    public string? Subject { get; init; }
    public string? CorrelationId { get; init; }
    public string? MessageId { get; init; }
    public string? SessionId { get; init; }
    public string? ContentType { get; init; }
    public string? To { get; init; }
    public string? ReplyTo { get; init; }
    public IReadOnlyDictionary<string, object> ApplicationProperties { get; init; } = new Dictionary<string, object>();

    internal bool Matches(StoredMessage m) =>
        Same(Subject, m.Subject) && Same(CorrelationId, m.CorrelationId?.ToString()) && Same(MessageId, m.MessageIdText)
        && Same(SessionId, m.GroupId) && Same(ContentType, m.ContentType) && Same(To, m.To) && Same(ReplyTo, m.ReplyTo)
        && ApplicationProperties.All(p => m.ApplicationProperties.Any(a => a.Key == p.Key && Equals(a.Value, p.Value)));

    private static bool Same(string? expected, string? actual) => expected is null || string.Equals(expected, actual, StringComparison.Ordinal);
}

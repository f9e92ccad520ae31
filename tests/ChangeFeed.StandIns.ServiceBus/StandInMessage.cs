using ChangeFeed.StandIns.ServiceBus.Internal;

namespace ChangeFeed.StandIns.ServiceBus;

/// <summary>A read-only snapshot of a message held by the stand-in, for assertions.</summary>
public sealed record StandInMessage(
    string? MessageId,
    string? SessionId,
    string? Subject,
    string? CorrelationId,
    string? ContentType,
    ReadOnlyMemory<byte> Body,
    IReadOnlyDictionary<string, object?> ApplicationProperties,
    long SequenceNumber,
    DateTimeOffset EnqueuedTime,
    int DeliveryCount)
{
    /// <summary>The message's <c>To</c> (what a correlation filter on <c>to</c> matches).</summary>
    public string? To { get; init; }

    public string BodyText => System.Text.Encoding.UTF8.GetString(Body.Span);

    public string? DeadLetterReason => ApplicationProperties.GetValueOrDefault("DeadLetterReason") as string;

    public string? DeadLetterErrorDescription => ApplicationProperties.GetValueOrDefault("DeadLetterErrorDescription") as string;

    internal static StandInMessage From(StoreEntry entry)
    {
        StoredMessage m = entry.Message;
        byte[] body = m.DataBody.Count == 1 ? m.DataBody[0] : [.. m.DataBody.SelectMany(d => d)];
        return new StandInMessage(
            m.MessageIdText,
            m.GroupId,
            m.Subject,
            m.CorrelationId?.ToString(),
            m.ContentType,
            body,
            m.ApplicationProperties.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            entry.SequenceNumber,
            new DateTimeOffset(entry.EnqueuedTime, TimeSpan.Zero),
            entry.FailedDeliveries) { To = m.To };
    }
}

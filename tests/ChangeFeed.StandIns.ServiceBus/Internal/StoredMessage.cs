using System.Collections;
using Microsoft.Azure.Amqp.Framing;

namespace ChangeFeed.StandIns.ServiceBus.Internal;

/// <summary>The sections of one message as the client sent it, detached from any transport buffer.</summary>
internal sealed class StoredMessage
{
    public bool? Durable { get; init; }
    public byte? Priority { get; init; }
    public uint? TimeToLive { get; init; }

    public MessageId? MessageId { get; init; }
    public ArraySegment<byte> UserId { get; init; }
    public string? To { get; init; }
    public string? Subject { get; init; }
    public string? ReplyTo { get; init; }
    public MessageId? CorrelationId { get; init; }
    public string? ContentType { get; init; }
    public string? ContentEncoding { get; init; }
    public DateTime? AbsoluteExpiryTime { get; init; }
    public DateTime? CreationTime { get; init; }
    public string? GroupId { get; init; }
    public uint? GroupSequence { get; init; }
    public string? ReplyToGroupId { get; init; }

    public IReadOnlyList<KeyValuePair<string, object?>> ApplicationProperties { get; init; } = [];
    public IReadOnlyList<KeyValuePair<object, object?>> MessageAnnotations { get; init; } = [];

    /// <summary>Data sections (the usual Service Bus body), each copied.</summary>
    public IReadOnlyList<byte[]> DataBody { get; init; } = [];
    public object? ValueBody { get; init; }
    public bool HasValueBody { get; init; }
    public IReadOnlyList<IList> SequenceBody { get; init; } = [];

    public string? MessageIdText => MessageId?.ToString();

    /// <summary>The <c>x-opt-partition-key</c> annotation (the client's PartitionKey), if any.</summary>
    public string? PartitionKey =>
        MessageAnnotations.FirstOrDefault(a => string.Equals(a.Key.ToString(), "x-opt-partition-key", StringComparison.Ordinal)).Value as string;

    public StoredMessage WithApplicationProperties(IEnumerable<KeyValuePair<string, object?>> changes)
    {
        var merged = ApplicationProperties.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        foreach (var change in changes)
        {
            merged[change.Key] = change.Value;
        }

        return new StoredMessage
        {
            Durable = Durable, Priority = Priority, TimeToLive = TimeToLive,
            MessageId = MessageId, UserId = UserId, To = To, Subject = Subject, ReplyTo = ReplyTo,
            CorrelationId = CorrelationId, ContentType = ContentType, ContentEncoding = ContentEncoding,
            AbsoluteExpiryTime = AbsoluteExpiryTime, CreationTime = CreationTime, GroupId = GroupId,
            GroupSequence = GroupSequence, ReplyToGroupId = ReplyToGroupId,
            ApplicationProperties = [.. merged], MessageAnnotations = MessageAnnotations,
            DataBody = DataBody, ValueBody = ValueBody, HasValueBody = HasValueBody, SequenceBody = SequenceBody,
        };
    }
}

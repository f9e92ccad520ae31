using System.Collections;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Framing;

namespace ChangeFeed.StandIns.ServiceBus.Internal;

/// <summary>Turns received AMQP messages into <see cref="StoredMessage"/>s and stored messages back into deliveries.</summary>
internal static class MessageCodec
{
    /// <summary>The message format Service Bus clients use for a batch: one encoded message per data section.</summary>
    public const uint BatchMessageFormat = 0x80013700;

    public static IReadOnlyList<StoredMessage> Unpack(AmqpMessage received)
    {
        if (received.MessageFormat != BatchMessageFormat)
        {
            return [Decode(received)];
        }

        var messages = new List<StoredMessage>();
        foreach (Data data in received.DataBody)
        {
            byte[] encoded = Bytes(data.Value);
            using AmqpMessage inner = AmqpMessage.CreateAmqpStreamMessage(new BufferListStream([new ArraySegment<byte>(encoded)]), true);
            messages.Add(Decode(inner));
        }

        return messages;
    }

    public static StoredMessage Decode(AmqpMessage message)
    {
        message.Deserialize(SectionFlag.All);
        Header? header = Has(message, SectionFlag.Header) ? message.Header : null;
        Properties? p = Has(message, SectionFlag.Properties) ? message.Properties : null;
        var appProperties = new List<KeyValuePair<string, object?>>();
        if (Has(message, SectionFlag.ApplicationProperties))
        {
            foreach (var pair in message.ApplicationProperties.Map)
            {
                appProperties.Add(new(pair.Key.Key.ToString()!, Detach(pair.Value)));
            }
        }

        var annotations = new List<KeyValuePair<object, object?>>();
        if (Has(message, SectionFlag.MessageAnnotations))
        {
            foreach (var pair in message.MessageAnnotations.Map)
            {
                annotations.Add(new(pair.Key.Key, Detach(pair.Value)));
            }
        }

        SectionFlag body = message.BodyType;
        return new StoredMessage
        {
            Durable = header?.Durable, Priority = header?.Priority, TimeToLive = header?.Ttl,
            MessageId = p?.MessageId,
            UserId = p?.UserId is { Array: not null } userId ? new ArraySegment<byte>(Copy(userId)) : default,
            To = p?.To?.ToString(), Subject = p?.Subject, ReplyTo = p?.ReplyTo?.ToString(),
            CorrelationId = p?.CorrelationId,
            ContentType = p?.ContentType.Value, ContentEncoding = p?.ContentEncoding.Value,
            AbsoluteExpiryTime = p?.AbsoluteExpiryTime, CreationTime = p?.CreationTime,
            GroupId = p?.GroupId, GroupSequence = p?.GroupSequence, ReplyToGroupId = p?.ReplyToGroupId,
            ApplicationProperties = appProperties,
            MessageAnnotations = annotations,
            DataBody = body == SectionFlag.Data ? [.. message.DataBody.Select(d => Bytes(d.Value))] : [],
            HasValueBody = body == SectionFlag.AmqpValue,
            ValueBody = body == SectionFlag.AmqpValue ? Detach(message.ValueBody.Value) : null,
            SequenceBody = body == SectionFlag.AmqpSequence ? [.. message.SequenceBody.Select(s => s.List)] : [],
        };
    }

    /// <summary>Builds a fresh message for one delivery of a stored message.</summary>
    public static AmqpMessage Encode(StoredMessage stored, IEnumerable<KeyValuePair<string, object>> brokerAnnotations, uint deliveryCount)
    {
        AmqpMessage message =
            stored.DataBody.Count > 0 ? AmqpMessage.Create(stored.DataBody.Select(d => new Data { Value = new ArraySegment<byte>(d) }))
            : stored.HasValueBody ? AmqpMessage.Create(new AmqpValue { Value = stored.ValueBody })
            : stored.SequenceBody.Count > 0 ? AmqpMessage.Create(stored.SequenceBody.Select(s => new AmqpSequence(s)))
            : AmqpMessage.Create();

        message.Header.DeliveryCount = deliveryCount;
        message.Header.Durable = stored.Durable;
        message.Header.Priority = stored.Priority;
        message.Header.Ttl = stored.TimeToLive;

        Properties p = message.Properties;
        p.MessageId = stored.MessageId;
        p.UserId = stored.UserId;
        p.To = stored.To;
        p.Subject = stored.Subject;
        p.ReplyTo = stored.ReplyTo;
        p.CorrelationId = stored.CorrelationId;
        p.ContentType = stored.ContentType;
        p.ContentEncoding = stored.ContentEncoding;
        p.AbsoluteExpiryTime = stored.AbsoluteExpiryTime;
        p.CreationTime = stored.CreationTime;
        p.GroupId = stored.GroupId;
        p.GroupSequence = stored.GroupSequence;
        p.ReplyToGroupId = stored.ReplyToGroupId;

        foreach (var pair in stored.ApplicationProperties)
        {
            message.ApplicationProperties.Map[pair.Key] = pair.Value;
        }

        foreach (var pair in stored.MessageAnnotations)
        {
            message.MessageAnnotations.Map[new MapKey(pair.Key)] = pair.Value;
        }

        foreach (var pair in brokerAnnotations)
        {
            message.MessageAnnotations.Map[new MapKey(new AmqpSymbol(pair.Key))] = pair.Value;
        }

        return message;
    }

    private static object? Detach(object? value) => value switch
    {
        ArraySegment<byte> segment => new ArraySegment<byte>(Copy(segment)),
        IList list when value is not Array => list.Cast<object?>().Select(Detach).ToList(),
        _ => value,
    };

    private static bool Has(AmqpMessage message, SectionFlag section) => (message.Sections & section) != 0;

    private static byte[] Bytes(object? value) => value switch
    {
        ArraySegment<byte> segment => Copy(segment),
        byte[] bytes => [.. bytes],
        _ => [],
    };

    private static byte[] Copy(ArraySegment<byte> segment) => segment.Array is null ? [] : segment.AsSpan().ToArray();
}

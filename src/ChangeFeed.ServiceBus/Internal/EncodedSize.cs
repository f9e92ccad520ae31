using System.Text;
using Azure.Core.Amqp;
using Azure.Messaging.ServiceBus;

namespace ChangeFeed.ServiceBus.Internal;

/// <summary>
/// Upper bounds of a message's AMQP size as the Service Bus client encodes it (its converter, then Microsoft.Azure.Amqp),
/// computed from lengths without encoding (decision 0029): the same width rules (8- or 32-bit sizes past 255 bytes),
/// UTF-8 byte counts of strings, a worst case where the client's choice is not known in advance (a header's fields, the
/// width of symbols). Null for what is not modelled (a body that is not data, a property value of another type): such a
/// message is sized by the client itself. The property tests compare these with the client's own accounting.
/// </summary>
internal static class EncodedSize
{
    /// <summary>A described section's descriptor: 0x00 and a small ulong code.</summary>
    private const int Descriptor = 3;

    /// <summary>The header list: descriptor, list8, durable, priority, ttl, first-acquirer, delivery-count at their widest.</summary>
    private const int HeaderAtMost = Descriptor + 3 + 1 + 2 + 5 + 1 + 5;

    private const int Timestamp = 9;

    /// <summary>
    /// What the message adds to a batch envelope at most: its encoding and the data section that wraps it. Null when the
    /// message holds what this does not model. <paramref name="traceContext"/>: the application properties the client
    /// adds when it sends a message that has no trace context of its own (null: it adds none).
    /// </summary>
    public static long? InBatch(ServiceBusMessage message, TraceContext? traceContext)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Message(message.GetRawAmqpMessage(), traceContext) is { } size ? size + DataSectionPrefix(size) : null;
    }

    /// <summary>
    /// The batch envelope's own size at most, its data sections aside: the properties and annotations the client copies
    /// from the first message (message id, session id, partition keys).
    /// </summary>
    public static long Envelope(ServiceBusMessage first)
    {
        ArgumentNullException.ThrowIfNull(first);
        long size = Descriptor + List(13, String(first.MessageId) + String(first.SessionId) + 11);
        var (count, entries) = (0, 0L);
        if (first.PartitionKey is { } partitionKey)
            (count, entries) = (count + 1, entries + Symbol("x-opt-partition-key") + String(partitionKey));
        if (first.TransactionPartitionKey is { } viaPartitionKey)
            (count, entries) = (count + 1, entries + Symbol("x-opt-via-partition-key") + String(viaPartitionKey));
        return count == 0 ? size : size + Descriptor + Map(count, entries);
    }

    /// <summary>The data section prefix of a batched message: descriptor and vbin8 up to 255 bytes, vbin32 beyond.</summary>
    public static int DataSectionPrefix(long size) => size <= 255 ? 5 : 8;

    private static long? Message(AmqpAnnotatedMessage message, TraceContext? traceContext)
    {
        if (!message.Body.TryGetData(out var data) || data is null)
            return null;
        long size = 0;
        foreach (var segment in data)
            size += DataSectionPrefix(segment.Length) + segment.Length;

        var timeToLive = false;
        if (message.HasSection(AmqpMessageSection.Header))
        {
            var header = message.Header;
            timeToLive = header.TimeToLive.HasValue;
            if (timeToLive || header.DeliveryCount.HasValue || header.Durable.HasValue || header.Priority.HasValue || header.FirstAcquirer.HasValue)
                size += HeaderAtMost;
        }

        if (message.HasSection(AmqpMessageSection.Properties) || timeToLive)
            size += Properties(message.Properties, timeToLive);

        foreach (var section in (ReadOnlySpan<AmqpMessageSection>)[AmqpMessageSection.DeliveryAnnotations, AmqpMessageSection.MessageAnnotations, AmqpMessageSection.Footer])
        {
            if (!message.HasSection(section))
                continue;
            var map = section switch
            {
                AmqpMessageSection.DeliveryAnnotations => message.DeliveryAnnotations,
                AmqpMessageSection.MessageAnnotations => message.MessageAnnotations,
                _ => message.Footer,
            };
            if (Annotation(map) is not { } annotations)
                return null;
            size += annotations;
        }

        var properties = message.HasSection(AmqpMessageSection.ApplicationProperties) ? message.ApplicationProperties : null;
        return ApplicationProperties(properties, traceContext) is { } applicationProperties ? size + applicationProperties : null;
    }

    private static long Properties(AmqpMessageProperties properties, bool timeToLive)
    {
        var fields = String(properties.MessageId?.ToString())
            + (properties.UserId is { } userId ? Binary(userId.Length) : 1)
            + String(properties.To?.ToString())
            + SkippedIfEmpty(properties.Subject)
            + String(properties.ReplyTo?.ToString())
            + String(properties.CorrelationId?.ToString())
            + SkippedIfEmpty(properties.ContentType)
            + SkippedIfEmpty(properties.ContentEncoding)
            + (timeToLive || properties.AbsoluteExpiryTime.HasValue ? Timestamp : 1)
            + (timeToLive || properties.CreationTime.HasValue ? Timestamp : 1)
            + SkippedIfEmpty(properties.GroupId)
            + (properties.GroupSequence.HasValue ? 5 : 1)
            + SkippedIfEmpty(properties.ReplyToGroupId);
        return Descriptor + List(13, fields);
    }

    /// <summary>Annotations and footer: symbol keys.</summary>
    private static long? Annotation(IDictionary<string, object?> map)
    {
        if (map.Count == 0)
            return 0;
        long entries = 0;
        foreach (var (key, value) in map)
        {
            if (Value(value) is not { } valueSize)
                return null;
            entries += Symbol(key) + valueSize;
        }

        return Descriptor + Map(map.Count, entries);
    }

    /// <summary>Application properties: string keys; plus what the client adds for trace context, when it will.</summary>
    private static long? ApplicationProperties(IDictionary<string, object?>? map, TraceContext? traceContext)
    {
        var (count, entries) = (0, 0L);
        if (map is not null)
        {
            foreach (var (key, value) in map)
            {
                if (Value(value) is not { } valueSize)
                    return null;
                (count, entries) = (count + 1, entries + String(key) + valueSize);
            }
        }

        if (traceContext is { } added && (map is null || (!map.ContainsKey(TraceContext.DiagnosticId) && !map.ContainsKey(TraceContext.TraceParent))))
            (count, entries) = (count + 3, entries + added.Entries);
        return count == 0 ? 0 : Descriptor + Map(count, entries);
    }

    /// <summary>A property value as the client maps it to AMQP; null for a type it does not take or that is not modelled (a stream).</summary>
    private static long? Value(object? value) => value switch
    {
        string text => String(text),
        bool => 1,
        byte or sbyte => 2,
        short or ushort => 3,
        char => 5,
        int number => number is >= -128 and <= 127 ? 2 : 5,
        uint number => number == 0 ? 1 : number <= 255 ? 2 : 5,
        long number => Long(number),
        ulong number => number == 0 ? 1 : number <= 255 ? 2 : 9,
        float => 5,
        double => 9,
        decimal or Guid => 17,
        DateTime => Timestamp,
        byte[] bytes => Binary(bytes.Length),
        ArraySegment<byte> bytes => bytes.Array is null ? 1 : Binary(bytes.Count),
        Uri uri => 1 + Symbol("com.microsoft:uri") + String(uri.IsAbsoluteUri ? uri.AbsoluteUri : uri.ToString()),
        DateTimeOffset time => 1 + Symbol("com.microsoft:datetime-offset") + Long(time.UtcTicks),
        TimeSpan span => 1 + Symbol("com.microsoft:timespan") + Long(span.Ticks),
        _ => null,
    };

    private static long Long(long number) => number is >= -128 and <= 127 ? 2 : 9;

    /// <summary>str8 up to 255 UTF-8 bytes, str32 beyond; null is one byte.</summary>
    public static long String(string? text) => text is null ? 1 : Binary(Encoding.UTF8.GetByteCount(text));

    /// <summary>A string or symbol field the client's converter leaves null when it is empty.</summary>
    private static long SkippedIfEmpty(string? text) => string.IsNullOrEmpty(text) ? 1 : String(text);

    /// <summary>Symbols are ASCII on the wire (one byte a character); counting UTF-8 bytes never counts fewer.</summary>
    private static long Symbol(string? text) => String(text);

    /// <summary>A binary or string of <paramref name="length"/> bytes: vbin8/str8 up to 255, vbin32/str32 beyond.</summary>
    public static long Binary(long length) => 1 + (length > 255 ? 4 : 1) + length;

    /// <summary>list8 while the fields and the count stay under 255, list32 beyond.</summary>
    private static long List(int count, long fields) => 1 + 2 * (count >= 255 || fields >= 255 ? 4 : 1) + fields;

    /// <summary>map8 while the entries (keys and values counted apart) and their bytes stay under 255, map32 beyond.</summary>
    private static long Map(int count, long entries) => 1 + 2 * (count * 2 >= 255 || entries >= 255 ? 4 : 1) + entries;
}

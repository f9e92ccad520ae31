using System.Text;
using Azure.Messaging.ServiceBus;
using ChangeFeed.Configuration;
using ChangeFeed.Envelope;
using FsCheck;
using FsCheck.Fluent;

namespace ChangeFeed.ServiceBus.Tests;

/// <summary>
/// Service Bus messages to size: as <see cref="EnvelopeEncoder"/> makes them from generated events (both content
/// modes, claim-check references, session ids up to and past 128 characters, extra properties, trace context), and
/// beyond it, messages with every property the client maps and every application property value type it accepts.
/// Strings mix ASCII with 2-, 3- and 4-byte UTF-8 characters; bodies run from 0 bytes to the 1 MB limit.
/// </summary>
internal static class GeneratedMessages
{
    private static readonly string[] Pieces = ["a", "Z", "0", " ", "-", "é", "ß", "名前", "€", "😀", "𝄞", "\u2028"];

    /// <summary>Text of 0 to <paramref name="max"/> pieces (each 1-2 UTF-16 characters, 1-4 UTF-8 bytes a character).</summary>
    public static Gen<string> Text(int max) =>
        Gen.Choose(0, max).SelectMany(count => Gen.ArrayOf(Gen.Elements(Pieces), count)).Select(string.Concat);

    private static Gen<string> NonEmptyText(int max) => Text(max).Select(text => "x" + text);

    /// <summary>Body sizes: mostly small, now and then near 256 KB or 1 MB, which a 1 MB batch still takes alone.</summary>
    public static Gen<int> BodySize => Gen.Frequency(
        (6, Gen.Choose(0, 300)),
        (4, Gen.Choose(300, 4096)),
        (1, Gen.Choose(250_000, 262_144)),
        (1, Gen.Choose(900_000, 1_040_000)));

    /// <summary>A JSON string of the given size (at least 2 bytes), with non-ASCII in it.</summary>
    private static byte[] JsonData(int size) =>
        size < 4 ? "\"\""u8.ToArray() : Encoding.UTF8.GetBytes("\"" + new string('d', Math.Max(0, size - 4)) + "é" + "\"");

    private static Gen<T?> Maybe<T>(Gen<T> gen) where T : class => Gen.Frequency((1, Gen.Constant<T?>(null)), (1, gen.Select(value => (T?)value)));

    public static Gen<IntegrationEvent> Event =>
        from id in NonEmptyText(40)
        from type in NonEmptyText(20)
        from subject in NonEmptyText(60)
        from partitionKey in Gen.Frequency((3, NonEmptyText(60)), (1, Gen.Choose(120, 300).Select(n => new string('k', n) + "é")))
        from size in BodySize
        from structured in Gen.Elements(false, true)
        from claimChecked in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        from correlation in Maybe(NonEmptyText(20))
        from traceParent in Maybe(Gen.Constant("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"))
        from backfill in Maybe(NonEmptyText(20))
        from originalId in Maybe(NonEmptyText(20))
        from lsn in Gen.Choose(0, int.MaxValue)
        from keys in Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(NonEmptyText(12), n))
        from values in Gen.ArrayOf(Text(30), keys.Length)
        select new IntegrationEvent(id, "urn:source:orders", type, subject, new DateTimeOffset(2026, 12, 5, 16, 0, 0, TimeSpan.Zero),
            claimChecked ? ReadOnlyMemory<byte>.Empty : JsonData(size), partitionKey, "orders-cdc", structured ? ContentMode.Structured : ContentMode.Binary)
        {
            CorrelationId = correlation,
            TraceParent = traceParent,
            BackfillSubscription = backfill,
            OriginalId = originalId,
            Lsn = lsn,
            DataRef = claimChecked ? new Uri($"https://account.blob.core.windows.net/claims/{Uri.EscapeDataString(id)}") : null,
            Properties = keys.Length == 0 ? null : keys.Zip(values).DistinctBy(p => p.First).ToDictionary(p => "x_" + p.First, p => p.Second),
        };

    /// <summary>Every application property value type the client accepts (a stream aside: the bound leaves it to the client).</summary>
    public static Gen<object> PropertyValue => Gen.OneOf(
        Text(80).Select(v => (object)v),
        Gen.Elements<object>(true, false, (byte)0, (byte)255, (sbyte)-128, (short)-3, (ushort)65535, 'é', '\uffff', 0, 127, 128, -129, int.MinValue,
            0u, 255u, 256u, uint.MaxValue, 0L, -128L, 128L, long.MaxValue, 0UL, 255UL, 256UL, ulong.MaxValue, 1.5f, double.MaxValue, decimal.MaxValue,
            Guid.Empty, new DateTime(2026, 12, 5, 0, 0, 0, DateTimeKind.Utc), DateTimeOffset.MinValue, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(2)),
            TimeSpan.Zero, TimeSpan.FromDays(3), new Uri("https://example.com/é?x=1"), new Uri("relative/path", UriKind.Relative), Array.Empty<byte>()),
        Gen.Choose(0, 600).Select(n => (object)new byte[n]),
        Gen.Choose(0, 600).Select(n => (object)new ArraySegment<byte>(new byte[n + 3], 3, n)));

    /// <summary>A message built directly, beyond what the encoder sets: every property the client maps.</summary>
    public static Gen<ServiceBusMessage> Message =>
        from size in BodySize
        from messageId in Maybe(Text(128).Select(t => t.Length > 128 ? t[..128] : t))
        from sessionId in Maybe(Text(128).Select(t => t.Length > 128 ? t[..128] : t))
        from partitionKeyIsSession in Gen.Elements(false, true)
        from correlation in Maybe(Text(40))
        from subject in Maybe(Text(40))
        from to in Maybe(Text(40))
        from replyTo in Maybe(Text(40))
        from replyToSession in Maybe(Text(40).Select(t => t.Length > 128 ? t[..128] : t))
        from contentType in Maybe(Gen.Elements("application/json", "application/cloudevents+json", "text/plain; charset=utf-8", "é/x"))
        from ttl in Gen.Frequency((3, Gen.Constant<TimeSpan?>(null)), (1, Gen.Elements<TimeSpan?>(TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1), TimeSpan.FromDays(20_000))))
        from scheduled in Gen.Elements(false, true)
        from keys in Gen.Choose(0, 40).SelectMany(n => Gen.ArrayOf(Text(20), n))
        from values in Gen.ArrayOf(PropertyValue, keys.Length)
        select Build(size, messageId, sessionId, partitionKeyIsSession, correlation, subject, to, replyTo, replyToSession, contentType, ttl, scheduled, keys.Zip(values));

    private static ServiceBusMessage Build(
        int size, string? messageId, string? sessionId, bool partitionKeyIsSession, string? correlation, string? subject, string? to, string? replyTo,
        string? replyToSession, string? contentType, TimeSpan? ttl, bool scheduled, IEnumerable<(string Key, object Value)> properties)
    {
        var message = new ServiceBusMessage(new BinaryData(new byte[size]))
        {
            CorrelationId = correlation,
            Subject = subject,
            To = to,
            ReplyTo = replyTo,
            ReplyToSessionId = replyToSession,
            ContentType = contentType,
        };
        if (!string.IsNullOrEmpty(messageId))
            message.MessageId = messageId;
        if (sessionId is not null)
        {
            message.SessionId = sessionId;
            if (partitionKeyIsSession)
                message.PartitionKey = sessionId;
        }

        if (ttl is { } timeToLive)
            message.TimeToLive = timeToLive;
        if (scheduled)
            message.ScheduledEnqueueTime = new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);
        foreach (var (key, value) in properties)
            message.ApplicationProperties[key] = value;
        return message;
    }
}

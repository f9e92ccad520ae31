using System.Reflection;
using Azure.Messaging.ServiceBus;
using Microsoft.Azure.Amqp;

namespace ChangeFeed.Testing;

/// <summary>
/// The Service Bus client's own AMQP accounting, reached by reflection (its public API sizes a message only by adding
/// it to a batch of a connected sender): its converter, its batch (<c>AmqpMessageBatch</c>, which encodes each message
/// to size it), the batch envelope its sends build and check against the link's limit, and the trace context its
/// diagnostics add to a message. Test fakes size and refuse with these, as the client does.
/// </summary>
internal static class ClientAmqp
{
    private const BindingFlags Internal = BindingFlags.Instance | BindingFlags.NonPublic;

    private static readonly Assembly Client = typeof(ServiceBusMessage).Assembly;
    private static readonly Type ConverterType = Client.GetType("Azure.Messaging.ServiceBus.Amqp.AmqpMessageConverter", throwOnError: true)!;
    private static readonly Type BatchType = Client.GetType("Azure.Messaging.ServiceBus.Amqp.AmqpMessageBatch", throwOnError: true)!;
    private static readonly Type DiagnosticsType = Client.GetType("Azure.Core.Shared.MessagingClientDiagnostics", throwOnError: true)!;
    private static readonly object Converter = ConverterType.GetField("Default", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
    private static readonly MethodInfo ToAmqp = ConverterType.GetMethod("SBMessageToAmqpMessage")!;
    private static readonly MethodInfo Envelope = ConverterType.GetMethod("BuildAmqpBatchFromMessages", [typeof(IReadOnlyCollection<AmqpMessage>), typeof(bool)])!;
    private static readonly MethodInfo EnvelopeOfMessages = ConverterType.GetMethod("BatchSBMessagesAsAmqpMessage", [typeof(IReadOnlyCollection<ServiceBusMessage>), typeof(bool)])!;
    private static readonly MethodInfo BatchTryAdd = BatchType.GetMethod("TryAddMessage")!;
    private static readonly PropertyInfo BatchSize = BatchType.GetProperty("SizeInBytes")!;
    private static readonly MethodInfo AsAmqp = typeof(ServiceBusMessageBatch).GetMethod("AsReadOnly", Internal)!.MakeGenericMethod(typeof(AmqpMessage));
    private static readonly ConstructorInfo NewServiceBusBatch = typeof(ServiceBusMessageBatch).GetConstructors(Internal).Single();
    private static readonly MethodInfo InstrumentMessage = DiagnosticsType.GetMethod("InstrumentMessage")!;
    private static readonly object Diagnostics = Activator.CreateInstance(DiagnosticsType, ["Azure.Messaging.ServiceBus", "Microsoft.ServiceBus", "servicebus", "fake.servicebus.windows.net", "fake"])!;

    /// <summary>The client's own batch (<c>AmqpMessageBatch</c>) of the given limit, without a public wrapper.</summary>
    public static IDisposable NewTransportBatch(long maxSizeInBytes) =>
        (IDisposable)Activator.CreateInstance(BatchType, [Converter, new CreateMessageBatchOptions { MaxSizeInBytes = maxSizeInBytes }])!;

    public static bool TryAdd(IDisposable transportBatch, ServiceBusMessage message) => (bool)BatchTryAdd.Invoke(transportBatch, [message])!;

    public static long SizeInBytes(IDisposable transportBatch) => (long)BatchSize.GetValue(transportBatch)!;

    /// <summary>A <see cref="ServiceBusMessageBatch"/> as a sender's <c>CreateMessageBatchAsync</c> returns it, with the client's diagnostics.</summary>
    public static ServiceBusMessageBatch NewBatch(long maxSizeInBytes) =>
        (ServiceBusMessageBatch)NewServiceBusBatch.Invoke([NewTransportBatch(maxSizeInBytes), Diagnostics]);

    /// <summary>What the client counts for the message alone in an empty batch (its envelope, the message, its overhead).</summary>
    public static long SizeAlone(ServiceBusMessage message)
    {
        using var batch = NewTransportBatch(long.MaxValue);
        return TryAdd(batch, message) ? SizeInBytes(batch) : throw new InvalidOperationException("not added");
    }

    /// <summary>The message's AMQP encoding as the client converts it: its <c>SerializedMessageSize</c>.</summary>
    public static long EncodedSize(ServiceBusMessage message)
    {
        using var amqp = (AmqpMessage)ToAmqp.Invoke(Converter, [message])!;
        return amqp.SerializedMessageSize;
    }

    /// <summary>The message's AMQP encoding as the client converts it: the bytes that go on the wire for it.</summary>
    public static byte[] Encoded(ServiceBusMessage message)
    {
        using var amqp = (AmqpMessage)ToAmqp.Invoke(Converter, [message])!;
        using var encoded = new MemoryStream();
        amqp.ToStream().CopyTo(encoded);
        return encoded.ToArray();
    }

    /// <summary>
    /// What <c>SendMessagesAsync(IEnumerable)</c> builds and checks against the link's limit: each message converted,
    /// the batch envelope (the message itself when alone), its size.
    /// </summary>
    public static long EnvelopeSize(IReadOnlyCollection<ServiceBusMessage> messages)
    {
        using var envelope = (AmqpMessage)EnvelopeOfMessages.Invoke(Converter, [messages, false])!;
        return envelope.SerializedMessageSize;
    }

    /// <summary>What <c>SendMessagesAsync(ServiceBusMessageBatch)</c> builds and checks: the envelope of the batch's converted messages.</summary>
    public static long EnvelopeSize(ServiceBusMessageBatch batch)
    {
        using var envelope = (AmqpMessage)Envelope.Invoke(Converter, [AsAmqp.Invoke(batch, null), false])!;
        return envelope.SerializedMessageSize;
    }

    /// <summary>What the sender's diagnostics do to each message it sends: add trace context under an activity.</summary>
    public static void Instrument(IEnumerable<ServiceBusMessage> messages)
    {
        foreach (var message in messages)
            InstrumentMessage.Invoke(Diagnostics, [message.ApplicationProperties, "Message", null, null]);
    }

    /// <summary>The exception the client throws when a send is over the link's limit.</summary>
    public static ServiceBusException SizeExceeded(long size, long limit, string entity) =>
        new($"The message (size {size} bytes) is larger than is currently allowed ({limit} bytes) for '{entity}' (test).", ServiceBusFailureReason.MessageSizeExceeded);
}

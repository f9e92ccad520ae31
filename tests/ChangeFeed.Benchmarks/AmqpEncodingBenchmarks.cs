using System.Reflection;
using Azure.Messaging.ServiceBus;
using BenchmarkDotNet.Attributes;
using ChangeFeed.Configuration;
using ChangeFeed.Routing;
using ChangeFeed.ServiceBus;
using ChangeFeed.ServiceBus.Internal;
using Microsoft.Azure.Amqp;

namespace ChangeFeed.Benchmarks;

/// <summary>
/// What the Service Bus client spends per message on AMQP encoding, measured with its own types (its internal
/// <c>AmqpMessageConverter</c> and <c>AmqpMessageBatch</c>, reached by reflection: the public API offers no way to
/// size a message but adding it to a batch). <see cref="Messages"/> binary-mode messages of 1 KB orders, as the
/// relay makes them. Baseline: converting each message to AMQP and encoding it once. Against it: adding them to a
/// <see cref="ServiceBusMessageBatch"/> (what <c>TopicBatches</c> does); that plus what sending the batch builds
/// (the batch envelope and its size); what <c>SendMessagesAsync(IEnumerable)</c> builds instead; and that with the
/// publisher's size bound computed first (<see cref="BoundAndListSend"/>, what the publisher does since decision 0029).
/// </summary>
[MemoryDiagnoser]
public class AmqpEncodingBenchmarks
{
    public const int Messages = 100;

    private static readonly Assembly Client = typeof(ServiceBusMessage).Assembly;
    private static readonly Type ConverterType = Client.GetType("Azure.Messaging.ServiceBus.Amqp.AmqpMessageConverter", throwOnError: true)!;
    private static readonly Type BatchType = Client.GetType("Azure.Messaging.ServiceBus.Amqp.AmqpMessageBatch", throwOnError: true)!;
    private static readonly object Converter = ConverterType.GetField("Default", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
    private static readonly MethodInfo ToAmqp = ConverterType.GetMethod("SBMessageToAmqpMessage")!;
    private static readonly MethodInfo Envelope = ConverterType.GetMethod("BuildAmqpBatchFromMessages", [typeof(IReadOnlyCollection<AmqpMessage>), typeof(bool)])!;
    private static readonly MethodInfo TryAdd = BatchType.GetMethod("TryAddMessage")!;
    private static readonly MethodInfo AsAmqp = BatchType.GetMethod("AsReadOnly")!.MakeGenericMethod(typeof(AmqpMessage));

    private ServiceBusMessage[] messages = [];

    [GlobalSetup]
    public void Setup()
    {
        var router = new Router();
        var encoder = new EnvelopeEncoder();
        var route = OrderDocuments.Route(ContentMode.Binary);
        messages = [.. Enumerable.Range(1, Messages).Select(i =>
        {
            using var document = System.Text.Json.JsonDocument.Parse(OrderDocuments.Create(1024, i, 1000 + i));
            return encoder.Encode(router.Route(route, document.RootElement).Events[0]);
        })];
    }

    /// <summary>One conversion and one encoding per message: what sending a message has to cost at least.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    public long EncodeOnce()
    {
        long bytes = 0;
        foreach (var message in messages)
        {
            using var amqp = Convert(message);
            using var stream = amqp.ToStream();
            bytes += stream.Length;
        }

        return bytes;
    }

    /// <summary><see cref="ServiceBusMessageBatch.TryAddMessage"/> for each message, as <c>TopicBatches</c> fills a batch.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public int BatchAdd()
    {
        using var batch = NewBatch();
        foreach (var message in messages)
            Add(batch, message);
        return messages.Length;
    }

    /// <summary>The batch filled, then what the client's send builds from it: the batch envelope, and its size checked.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public long BatchAddAndSend()
    {
        using var batch = NewBatch();
        foreach (var message in messages)
            Add(batch, message);
        using var envelope = (AmqpMessage)Envelope.Invoke(Converter, [AsAmqp.Invoke(batch, null), false])!;
        return envelope.SerializedMessageSize;
    }

    /// <summary>What <c>SendMessagesAsync(IEnumerable)</c> builds: each message converted, the envelope, its size checked.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public long EnumerableSend()
    {
        var converted = messages.Select(Convert).ToList();
        using var envelope = (AmqpMessage)Envelope.Invoke(Converter, [converted, false])!;
        var size = envelope.SerializedMessageSize;
        converted.ForEach(message => message.Dispose());
        return size;
    }

    /// <summary>
    /// What the publisher does now (decision 0029): each message's size bound computed without encoding, then what
    /// <c>SendMessagesAsync(IEnumerable)</c> builds for the list: each message encoded once.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public long BoundAndListSend()
    {
        var bound = EncodedSize.Envelope(messages[0]);
        foreach (var message in messages)
            bound += EncodedSize.InBatch(message, traceContext: null) ?? throw new InvalidOperationException("not modelled");
        var converted = messages.Select(Convert).ToList();
        using var envelope = (AmqpMessage)Envelope.Invoke(Converter, [converted, false])!;
        var size = envelope.SerializedMessageSize;
        converted.ForEach(message => message.Dispose());
        return size <= bound ? size : throw new InvalidOperationException($"bound {bound} < {size}");
    }

    private static AmqpMessage Convert(ServiceBusMessage message) => (AmqpMessage)ToAmqp.Invoke(Converter, [message])!;

    private static IDisposable NewBatch() =>
        (IDisposable)Activator.CreateInstance(BatchType, [Converter, new CreateMessageBatchOptions { MaxSizeInBytes = 1024 * 1024 }])!;

    private static void Add(IDisposable batch, ServiceBusMessage message)
    {
        if (!(bool)TryAdd.Invoke(batch, [message])!)
            throw new InvalidOperationException("the batch is full");
    }
}

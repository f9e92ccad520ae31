using System.Buffers;
using System.Text.Json;
using Azure.Messaging.ServiceBus;
using BenchmarkDotNet.Attributes;
using ChangeFeed.Configuration;
using ChangeFeed.Routing;
using ChangeFeed.ServiceBus;

namespace ChangeFeed.Benchmarks;

/// <summary>
/// One change-feed document (UTF-8 bytes, as the change feed hands it over) to one Service Bus message, per document
/// size. Baseline: the floor any JSON-aware transform pays (parse with System.Text.Json and write it back out).
/// The naive Newtonsoft mapping runs in the same job; the <c>vs naive</c> column divides its mean by each row's.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(TranslationColumns))]
public class TranslationBenchmarks : IDisposable
{
    private readonly Router router = new();
    private readonly EnvelopeEncoder encoder = new();
    private readonly Route binary = OrderDocuments.Route(ContentMode.Binary);
    private readonly Route structured = OrderDocuments.Route(ContentMode.Structured);
    private readonly ArrayBufferWriter<byte> floorBuffer = new(256 * 1024);
    private Utf8JsonWriter? floorWriter;
    private byte[] document = [];

    /// <summary>The document size in KB (1 KB = 1,024 bytes; the documents are at most one order line larger).</summary>
    [Params(1, 10, 100)]
    public int SizeKb { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        document = OrderDocuments.Create(SizeKb * 1024);
        floorWriter = new Utf8JsonWriter(floorBuffer, new JsonWriterOptions { SkipValidation = true });
    }

    /// <summary>The floor: parse the bytes, write the same JSON back out to a reused buffer, copy it to its own array.</summary>
    [Benchmark(Baseline = true)]
    public byte[] Floor()
    {
        floorBuffer.ResetWrittenCount();
        floorWriter!.Reset();
        using var parsed = JsonDocument.Parse(document);
        parsed.RootElement.WriteTo(floorWriter);
        floorWriter.Flush();
        return floorBuffer.WrittenSpan.ToArray();
    }

    [Benchmark]
    public ServiceBusMessage Naive() => NaiveMapping.Map(document);

    [Benchmark]
    public ServiceBusMessage Binary() => Translate(binary);

    [Benchmark]
    public ServiceBusMessage Structured() => Translate(structured);

    public void Dispose()
    {
        floorWriter?.Dispose();
        GC.SuppressFinalize(this);
    }

    private ServiceBusMessage Translate(Route route)
    {
        using var parsed = JsonDocument.Parse(document);
        var outcome = router.Route(route, parsed.RootElement);
        return encoder.Encode(outcome.Events[0]);
    }
}

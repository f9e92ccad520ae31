using BenchmarkDotNet.Attributes;
using ChangeFeed.Envelope;
using ChangeFeed.ServiceBus;

namespace ChangeFeed.Benchmarks;

/// <summary>
/// 10,000 routed events of mixed sizes to a counting fake sender: <see cref="ServiceBusPublisher"/> (batches filled
/// across sessions), the same publisher on partitioned topics (one session per batch), against the naive loop that
/// sends one message per call. Times and allocations are per event; the send counts, bytes per send and fill ratio come
/// from <see cref="PublishingColumns"/>, which replays each case against a fresh fake.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PublishingColumns))]
public class PublishingBenchmarks : IAsyncDisposable
{
    public const int EventCount = 10_000;

    private readonly EnvelopeEncoder encoder = new();
    private IntegrationEvent[] events = [];
    private CountingServiceBusClient? client;
    private ServiceBusPublisher? publisher;
    private ServiceBusPublisher? partitionedPublisher;

    /// <summary>The batch size limit in KB: 256 (Standard tier) or 1024 (Premium).</summary>
    [Params(256, 1024)]
    public int LimitKb { get; set; }

    public CountingServiceBusClient Client => client ?? throw new InvalidOperationException("call Setup first");

    [GlobalSetup]
    public void Setup()
    {
        events = MixedEvents.Create(EventCount);
        client = new CountingServiceBusClient(LimitKb * 1024L);
        publisher = new ServiceBusPublisher(client, encoder);
        partitionedPublisher = new ServiceBusPublisher(client, encoder, partitionedTopics: PartitionedTopics.All);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = EventCount)]
    public async Task<int> OneSendPerMessage()
    {
        foreach (var integrationEvent in events)
            await Client.CreateSender(integrationEvent.Topic).SendMessageAsync(encoder.Encode(integrationEvent));
        return events.Length;
    }

    [Benchmark(OperationsPerInvoke = EventCount)]
    public async Task<int> Publisher() => (await publisher!.PublishAsync(events, CancellationToken.None)).Published;

    /// <summary>Every topic partitioned (a Premium namespace with partitions): a batch holds one session.</summary>
    [Benchmark(OperationsPerInvoke = EventCount)]
    public async Task<int> PartitionedPublisher() => (await partitionedPublisher!.PublishAsync(events, CancellationToken.None)).Published;

    public async ValueTask DisposeAsync()
    {
        if (publisher is not null)
            await publisher.DisposeAsync();
        if (partitionedPublisher is not null)
            await partitionedPublisher.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

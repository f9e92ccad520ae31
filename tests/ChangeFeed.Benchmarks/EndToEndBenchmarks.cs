using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using ChangeFeed.Host.Processing;
using ChangeFeed.Reading;
using ChangeFeed.StandIns.Cosmos;
using ChangeFeed.StandIns.ServiceBus;
using ChangeFeed.Telemetry;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChangeFeed.Benchmarks;

/// <summary>
/// End to end on the stand-ins: <see cref="Changes"/> order documents (~1 KB, 100 customers = partition keys) in the
/// Cosmos DB stand-in, read from the beginning of the change feed per iteration. Baseline: the raw read (the SDK's change
/// feed iterator, pages of <see cref="PageSize"/>, documents counted). Against it, the host's path: the same pages through
/// the host's <see cref="BatchRelay"/> (route, encode, publish to the Service Bus stand-in) and a checkpoint write per
/// page; and the processor host itself (the real host, a fresh lease container so it starts from the beginning, started
/// and stopped per iteration). Times and allocations are per change (<c>OperationsPerInvoke</c>).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(EndToEndColumns))]
[SteadyStateJit]
[InvocationCount(1)] // one pass over the change feed per invocation; each needs a fresh lease container and topic
public class EndToEndBenchmarks : IAsyncDisposable
{
    /// <summary>Changes per invocation in the real run (and so its <c>OperationsPerInvoke</c>).</summary>
    public const int DefaultChanges = 10_000;

    /// <summary>Customers, i.e. logical partitions and Service Bus sessions.</summary>
    public const int Keys = 100;

    /// <summary>Change feed page size: the host's default <c>Host:MaxItemsPerBatch</c>, and the raw read's page size hint.</summary>
    public const int PageSize = 100;

    public const string Route = "orders";

    private EndToEndWorld? world;
    private EndToEndIteration? iteration;

    /// <summary>How many documents the setup writes; the quick mode (tests) sets fewer before running.</summary>
    public static int Changes { get; set; } = DefaultChanges;

    /// <summary>What each benchmark delivered in its last invocation, for the quick mode to check.</summary>
    public static Dictionary<string, int> LastDelivered { get; } = [];

    private EndToEndWorld World => world ?? throw new InvalidOperationException("call Setup first");

    private EndToEndIteration Iteration => iteration ?? throw new InvalidOperationException("call NewHost first");

    [GlobalSetup]
    public async Task Setup() => world = await EndToEndWorld.StartAsync(Changes, Keys);

    /// <summary>The raw read rate: the whole change feed from the beginning with the SDK's iterator, documents counted.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = DefaultChanges)]
    public async Task<int> RawRead()
    {
        var read = 0;
        await foreach (var page in Pages())
        {
            using (page)
            using (var json = await JsonDocument.ParseAsync(page.Content))
                read += json.RootElement.GetProperty("Documents").GetArrayLength();
        }

        return Delivered(nameof(RawRead), read, read);
    }

    [IterationSetup(Targets = [nameof(RelayOverPages), nameof(ProcessorHost)])]
    public void NewHost() => iteration = EndToEndIteration.CreateAsync(World).GetAwaiter().GetResult();

    /// <summary>
    /// The host's data path one step after the other, without the processor and without reading ahead: the same
    /// iterator pages, each parsed as the host's handler does (<see cref="ChangeFeedPage"/>), relayed by the host's own
    /// <see cref="BatchRelay"/> (router, encoder, <c>ServiceBusPublisher</c> to the Service Bus stand-in) and
    /// checkpointed as the processor does (the lease document replaced with the page's continuation, <c>If-Match</c> on
    /// its etag), before the next page is read: the sum of the steps, to compare the host's overlapped path with.
    /// </summary>
    [Benchmark(OperationsPerInvoke = DefaultChanges)]
    public async Task<int> RelayOverPages()
    {
        var relay = Iteration.Host.Services.GetRequiredService<BatchRelay>();
        var reader = Iteration.Host.Services.GetRequiredService<ChangeReader>();
        var relayed = 0;
        await foreach (var page in Pages())
        {
            using var current = page;
            using var documents = await ChangeFeedPage.ReadAsync(page.Content, reader, Route, "0", CancellationToken.None);
            await relay.RelayAsync(Route, "0", documents, CancellationToken.None);
            await Iteration.CheckpointAsync(page.ContinuationToken);
            relayed += documents.Count;
        }

        return Delivered(nameof(RelayOverPages), relayed, Iteration.Topic.AcceptedMessages.Count);
    }

    /// <summary>
    /// The processor host as it runs: started (lease container initialised, lease acquired), every change relayed and
    /// checkpointed by the SDK's change feed processor with manual checkpoint, reading each lease's next page while the
    /// current one is relayed (<see cref="ReadAhead"/>), then stopped (the last checkpoint is in).
    /// Done when the relay reported all changes published (the host's own <c>changefeed.events.published</c> counter).
    /// </summary>
    [Benchmark(OperationsPerInvoke = DefaultChanges)]
    public async Task<int> ProcessorHost()
    {
        using var published = new PublishedCounter(Iteration.Host.Services.GetRequiredService<IMeterFactory>(), Changes);
        await Iteration.Host.StartAsync();
        await published.AllAsync(TimeSpan.FromMinutes(2), Iteration.Problems);
        await Iteration.Host.StopAsync();
        return Delivered(nameof(ProcessorHost), published.Count, Iteration.Topic.AcceptedMessages.Count);
    }

    [IterationCleanup(Targets = [nameof(RelayOverPages), nameof(ProcessorHost)])]
    public void DisposeHost()
    {
        iteration?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        iteration = null;
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        if (iteration is not null)
            await iteration.DisposeAsync();
        if (world is not null)
            await world.DisposeAsync();
        iteration = null;
        world = null;
    }

    public async ValueTask DisposeAsync()
    {
        await Cleanup();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// The whole change feed from the beginning with the SDK's stream iterator, in pages of <see cref="PageSize"/>, until
    /// it reports nothing new; the caller disposes each page.
    /// </summary>
    private async IAsyncEnumerable<ResponseMessage> Pages()
    {
        using var iterator = World.Orders.GetChangeFeedStreamIterator(
            ChangeFeedStartFrom.Beginning(), ChangeFeedMode.LatestVersion, new ChangeFeedRequestOptions { PageSizeHint = PageSize });
        while (iterator.HasMoreResults)
        {
            var page = await iterator.ReadNextAsync();
            if (page.StatusCode == HttpStatusCode.NotModified)
            {
                page.Dispose();
                yield break;
            }

            page.EnsureSuccessStatusCode();
            yield return page;
        }
    }

    /// <summary>A figure is only worth reporting when every change went through: anything else fails the benchmark.</summary>
    private static int Delivered(string benchmark, int handled, int accepted)
    {
        lock (LastDelivered)
            LastDelivered[benchmark] = accepted;
        if (handled != Changes || accepted != Changes)
            throw new InvalidOperationException($"{benchmark}: {handled} changes handled and {accepted} delivered, expected {Changes}");
        return accepted;
    }

    /// <summary>Listens to the host's <c>changefeed.events.published</c> counter (its own meter factory) until it reaches the target.</summary>
    private sealed class PublishedCounter : IDisposable
    {
        private readonly MeterListener listener = new();
        private readonly TaskCompletionSource all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly int target;
        private long count;

        public PublishedCounter(IMeterFactory meterFactory, int target)
        {
            this.target = target;
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == ChangeFeedTelemetry.Name && instrument.Name == "changefeed.events.published"
                    && ReferenceEquals(instrument.Meter.Scope, meterFactory))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((_, value, _, _) =>
            {
                if (Interlocked.Add(ref count, value) >= this.target)
                    all.TrySetResult();
            });
            listener.Start();
        }

        public int Count => (int)Interlocked.Read(ref count);

        public async Task AllAsync(TimeSpan timeout, IEnumerable<string> problems)
        {
            if (await Task.WhenAny(all.Task, Task.Delay(timeout)) != all.Task)
                throw new TimeoutException($"{Count} of {target} events published after {timeout}; host warnings:\n{string.Join('\n', problems)}");
        }

        public void Dispose() => listener.Dispose();
    }
}

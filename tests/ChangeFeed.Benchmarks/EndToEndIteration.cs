using System.Collections.Concurrent;
using System.Text.Json;
using ChangeFeed.StandIns.ServiceBus;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Hosting;

namespace ChangeFeed.Benchmarks;

/// <summary>One iteration's fresh start: a lease container (so the processor reads from the beginning), a topic, a host.</summary>
public sealed class EndToEndIteration : IAsyncDisposable
{
    private const string LeaseId = "relay-over-pages..0";
    private readonly Container leases;
    private readonly ServiceBusStandIn serviceBus;
    private string etag;

    private EndToEndIteration(IHost host, StandInTopic topic, ServiceBusStandIn serviceBus, Container leases, string etag, ConcurrentQueue<string> problems)
    {
        Host = host;
        this.serviceBus = serviceBus;
        Topic = topic;
        this.leases = leases;
        this.etag = etag;
        Problems = problems;
    }

    public IHost Host { get; }

    /// <summary>The iteration's topic on the Service Bus stand-in (duplicate detection on, as the product's topics have it).</summary>
    public StandInTopic Topic { get; }

    public ConcurrentQueue<string> Problems { get; }

    public static async Task<EndToEndIteration> CreateAsync(EndToEndWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        var leases = await world.Cosmos.CreateLeaseContainerAsync(world.Database, world.NextName("leases"));
        var topic = world.ServiceBus.AddTopic(world.NextName("orders-cdc"), duplicateDetectionWindow: TimeSpan.FromMinutes(10));
        var problems = new ConcurrentQueue<string>();
        var host = world.BuildHost(leases.Id, topic.Name, problems);

        // The lease RelayOverPages checkpoints into (the processor host keeps its own, prefixed with the route name).
        using var created = await leases.CreateItemStreamAsync(Lease(null), new PartitionKey(LeaseId));
        created.EnsureSuccessStatusCode();
        return new EndToEndIteration(host, topic, world.ServiceBus, leases, created.Headers.ETag, problems);
    }

    /// <summary>What the processor's manual checkpoint does: replace the lease with the page's continuation, if it is still ours.</summary>
    public async Task CheckpointAsync(string continuation)
    {
        using var replaced = await leases.ReplaceItemStreamAsync(
            Lease(continuation), LeaseId, new PartitionKey(LeaseId), new ItemRequestOptions { IfMatchEtag = etag });
        replaced.EnsureSuccessStatusCode();
        etag = replaced.Headers.ETag;
    }

    public async ValueTask DisposeAsync()
    {
        // Stops a host an iteration left running (a failed one); a stopped or never started host returns at once.
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
            await Host.StopAsync(timeout.Token);
        if (Host is IAsyncDisposable disposable)
            await disposable.DisposeAsync();
        else
            Host.Dispose();

        // The iteration's messages (10,000 in the real run) would otherwise stay in the in-process broker for the rest of the run and
        // every later iteration's garbage collections would walk them.
        serviceBus.RemoveTopic(Topic.Name);
    }

    private static MemoryStream Lease(string? continuation) => new(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
    {
        ["id"] = LeaseId,
        ["version"] = 1,
        ["LeaseToken"] = "0",
        ["Owner"] = "bench-host",
        ["ContinuationToken"] = continuation,
        ["timestamp"] = DateTime.UtcNow,
    }));
}

using System.Diagnostics;
using System.Text;
using ChangeFeed.Functions;
using ChangeFeed.StandIns.Cosmos;
using ChangeFeed.StandIns.ServiceBus;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChangeFeed.Benchmarks.Process;

/// <summary>
/// The Functions path's worker cost: the Function App built as its Program builds it, <see cref="RelayFunctions"/>
/// called with 100-document trigger payloads (the batch as the Functions host hands it over: one JSON string) and
/// publishing to the Service Bus stand-in; CPU, allocations and GC pauses of this process over many invocations after
/// a warm-up. The stand-in receives in this same process, so the figure is an upper bound of the worker's own cost.
/// </summary>
public static class FunctionsWorkerBenchmark
{
    public const int ChangesPerInvocation = 100;

    public static async Task<ScenarioRow> RunAsync(
        ProcessBenchmarkOptions options, CosmosStandIn cosmos, ServiceBusStandIn serviceBus, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(cosmos);
        ArgumentNullException.ThrowIfNull(serviceBus);
        ArgumentNullException.ThrowIfNull(log);
        var topic = serviceBus.AddTopic($"functions-{Guid.NewGuid().ToString("N")[..6]}");
        using var host = FunctionApp(cosmos, serviceBus, topic.Name);
        var functions = ActivatorUtilities.CreateInstance<RelayFunctions>(host.Services);
        using var meter = new RelayMeter();
        var next = 0;

        async Task<int> InvokeAsync(int changes)
        {
            var payloads = Enumerable.Range(0, (changes + ChangesPerInvocation - 1) / ChangesPerInvocation).Select(_ => Payload(options, ref next)).ToList();
            foreach (var payload in payloads)
                await functions.RelayDocumentChanges(payload, cancellationToken);
            return payloads.Count * ChangesPerInvocation;
        }

        await InvokeAsync(options.WarmUp);
        log.WriteLine($"  functions: warm-up done, {topic.AcceptedMessages.Count} messages");
        var runs = new List<RunFigures>();
        for (var run = 1; run <= options.Runs; run++)
        {
            var accepted = topic.AcceptedMessages.Count;
            var (published, batches, pages) = (meter.Published, meter.Batches, meter.Pages);
            var (cpu, allocated, pause, jit, jitted) = Counters();
            var changes = await InvokeAsync(options.Measured);
            var (cpuAfter, allocatedAfter, pauseAfter, jitAfter, jittedAfter) = Counters();
            var window = new Window(
                changes,
                topic.AcceptedMessages.Count - accepted,
                new WindowCounters(cpuAfter - cpu, cpuAfter - cpu, allocatedAfter - allocated, pauseAfter - pause, 0, 0, 0,
                    meter.Published - published, meter.Batches - batches, meter.Pages - pages, jitAfter - jit, jittedAfter - jitted),
                null,
                0);
            runs.Add(RunFigures.From(window));
            log.WriteLine($"  run {run} functions: {runs[^1]}");
        }

        return new ScenarioRow("default", "latest", "functions worker (in process)", runs);
    }

    private static (TimeSpan Cpu, long Allocated, TimeSpan Pause, TimeSpan Jit, long Jitted) Counters() =>
        (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime, GC.GetTotalAllocatedBytes(precise: true), GC.GetTotalPauseDuration(),
            System.Runtime.JitInfo.GetCompilationTime(currentThread: false), System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: false));

    /// <summary>100 order documents as the trigger delivers them (system properties included), as one JSON array.</summary>
    private static string Payload(ProcessBenchmarkOptions options, ref int next)
    {
        var batch = new StringBuilder("[");
        for (var i = 0; i < ChangesPerInvocation; i++)
        {
            next++;
            batch.Append(i == 0 ? "" : ",").Append(Encoding.UTF8.GetString(OrderDocuments.Create(options.DocumentBytes, next, lsn: next)));
        }

        return batch.Append(']').ToString();
    }

    /// <summary>The Function App as Program.cs builds it, its app settings in memory, one orders route to <paramref name="topic"/>.</summary>
    private static IHost FunctionApp(CosmosStandIn cosmos, ServiceBusStandIn serviceBus, string topic)
    {
        var settings = new Dictionary<string, string?>
        {
            ["COSMOS"] = cosmos.ConnectionString,
            ["SERVICEBUS"] = serviceBus.ConnectionString,
            // Never reached: no event here is large enough for the claim check.
            ["CLAIMCHECK"] = "UseDevelopmentStorage=true",
            ["CLAIMCHECK_CONTAINER"] = "large-events",
            ["COSMOS_DATABASE"] = "shop",
            ["COSMOS_LEASES_CONTAINER"] = "leases",
            ["COSMOS_PARKED_CONTAINER"] = "parked",
            ["ORDERS_CONTAINER"] = "orders",
            ["OUTBOX_CONTAINER"] = "outbox",
            ["EVENTS_CONTAINER"] = "events",
            ["ChangeFeed:Account"] = "bench",
            ["ChangeFeed:Routes:orders:Database"] = "shop",
            ["ChangeFeed:Routes:orders:Container"] = "orders",
            ["ChangeFeed:Routes:orders:Topic"] = topic,
            ["ChangeFeed:Routes:orders:PartitionKeyPath"] = "/customerId",
            ["ChangeFeed:Routes:orders:TypeProperty"] = "type",
            ["ChangeFeed:Routes:outbox:Mode"] = "outbox",
            ["ChangeFeed:Routes:outbox:Database"] = "shop",
            ["ChangeFeed:Routes:outbox:Container"] = "outbox",
            ["ChangeFeed:Routes:outbox:Topic"] = "orders-events",
            ["ChangeFeed:Routes:outbox:PartitionKeyPath"] = "/partitionKey",
            ["ChangeFeed:Routes:eventstore:Mode"] = "eventstore",
            ["ChangeFeed:Routes:eventstore:Database"] = "shop",
            ["ChangeFeed:Routes:eventstore:Container"] = "events",
            ["ChangeFeed:Routes:eventstore:Topic"] = "orders-stream",
            ["ChangeFeed:Routes:eventstore:PartitionKeyPath"] = "/streamId",
            // What the Functions host passes to a worker it starts; the worker is never started here.
            ["Functions:Worker:HostEndpoint"] = "http://127.0.0.1:9",
            ["Functions:Worker:WorkerId"] = "benchmark-worker",
            ["Functions:Worker:RequestId"] = "benchmark-request",
            ["Functions:Worker:GrpcMaxMessageLength"] = "2147483647",
        };
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddChangeFeedFunctionApp();
        return builder.Build();
    }
}

using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChangeFeed.Host;
using ChangeFeed.StandIns.Cosmos;
using ChangeFeed.StandIns.ServiceBus;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChangeFeed.Benchmarks;

/// <summary>
/// What the end-to-end benchmarks run against, started once per benchmark process: the Cosmos DB stand-in (Node) with
/// the order documents written, and the Service Bus stand-in (in process).
/// </summary>
public sealed class EndToEndWorld : IAsyncDisposable
{
    private static readonly string[] SystemProperties = ["_rid", "_self", "_etag", "_attachments", "_ts", "_lsn"];
    private int iterations;

    private EndToEndWorld(CosmosStandIn cosmos, ServiceBusStandIn serviceBus, string database, Container orders)
    {
        Cosmos = cosmos;
        ServiceBus = serviceBus;
        Database = database;
        Orders = orders;
    }

    public CosmosStandIn Cosmos { get; }

    public ServiceBusStandIn ServiceBus { get; }

    public string Database { get; }

    /// <summary>The watched container (partition key <c>/customerId</c>).</summary>
    public Container Orders { get; }

    public static async Task<EndToEndWorld> StartAsync(int changes, int keys)
    {
        // The Cosmos stand-in sets COSMOS_DISABLE_IMDS_ACCESS before any client exists: nothing asks 169.254.169.254.
        var cosmos = await CosmosStandIn.StartAsync();
        var serviceBus = await ServiceBusStandIn.StartAsync();
        var database = $"bench-{Guid.NewGuid().ToString("N")[..8]}";
        var orders = await cosmos.CreateContainerAsync(database, "orders", "/customerId");
        await cosmos.CreateContainerAsync(database, "parked", "/sourceContainer");
        await Parallel.ForEachAsync(Enumerable.Range(1, changes), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (number, ct) =>
        {
            var (document, customer) = Document(number, keys);
            using var content = new MemoryStream(document);
            using var response = await orders.UpsertItemStreamAsync(content, new PartitionKey(customer), cancellationToken: ct);
            response.EnsureSuccessStatusCode();
        });
        return new EndToEndWorld(cosmos, serviceBus, database, orders);
    }

    /// <summary>Order <paramref name="number"/> of ~1 KB (2 lines) as an application writes it: no system properties.</summary>
    public static (byte[] Document, string Customer) Document(int number, int keys)
    {
        var order = JsonNode.Parse(OrderDocuments.Create(1024, number))!.AsObject();
        foreach (var property in SystemProperties)
            order.Remove(property);
        var customer = $"customer-{number % keys:D5}";
        order["customerId"] = customer;
        return (JsonSerializer.SerializeToUtf8Bytes(order), customer);
    }

    /// <summary>A name no earlier iteration of this process used (lease container, topic).</summary>
    public string NextName(string prefix) => $"{prefix}-{Interlocked.Increment(ref iterations)}";

    /// <summary>
    /// A processor host built (not started) by the host's own registration code from in-memory settings, as the
    /// end-to-end suite builds it; the fixture's Cosmos client (pinned certificate) is shared, not owned.
    /// </summary>
    public IHost BuildHost(string leases, string topic, ConcurrentQueue<string> problems)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["COSMOS"] = Cosmos.ConnectionString,
            ["SERVICEBUS"] = ServiceBus.ConnectionString,
            ["COSMOS_DATABASE"] = Database,
            ["COSMOS_LEASES_CONTAINER"] = leases,
            ["COSMOS_PARKED_CONTAINER"] = "parked",
            ["ChangeFeed:Account"] = "bench",
            [$"ChangeFeed:Routes:{EndToEndBenchmarks.Route}:Database"] = Database,
            [$"ChangeFeed:Routes:{EndToEndBenchmarks.Route}:Container"] = "orders",
            [$"ChangeFeed:Routes:{EndToEndBenchmarks.Route}:Topic"] = topic,
            [$"ChangeFeed:Routes:{EndToEndBenchmarks.Route}:PartitionKeyPath"] = "/customerId",
            [$"ChangeFeed:Routes:{EndToEndBenchmarks.Route}:EventType"] = "com.contoso.orders.order",
            [$"ChangeFeed:Routes:{EndToEndBenchmarks.Route}:SoftDeleteProperty"] = "isDeleted",
            [$"ChangeFeed:Routes:{EndToEndBenchmarks.Route}:CorrelationIdProperty"] = "correlationId",
            ["Host:InstanceName"] = "bench-host",
            ["Host:StartFrom"] = "Beginning",
            ["Host:MaxItemsPerBatch"] = EndToEndBenchmarks.PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // The smallest sensible settings, so that start-up is not mostly waiting: poll 100 ms, look for leases every 100 ms.
            ["Host:PollInterval"] = "00:00:00.100",
            ["Host:LeaseAcquireInterval"] = "00:00:00.100",
            // The lag metric is not on the data path; its estimator would add lease queries to every start.
            ["Host:EstimatorInterval"] = "00:00:00",
        };
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new ProblemCollector(problems));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Azure", LogLevel.Error);
        builder.AddChangeFeedProcessorHost();
        builder.Services.AddSingleton(Cosmos.Client);
        return builder.Build();
    }

    public async ValueTask DisposeAsync()
    {
        await ServiceBus.DisposeAsync();
        await Cosmos.DisposeAsync();
    }

    /// <summary>Keeps the host's warnings and errors, for the message when an iteration does not deliver everything.</summary>
    private sealed class ProblemCollector(ConcurrentQueue<string> problems) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel) && problems.Count < 100)
                problems.Enqueue($"{logLevel}: {formatter(state, exception)} {exception?.GetType().Name} {exception?.Message}");
        }

        public void Dispose()
        {
        }
    }
}

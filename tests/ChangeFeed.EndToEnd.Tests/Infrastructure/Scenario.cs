using System.Text.Json;
using ChangeFeed.CommandLine;
using ChangeFeed.Host;
using ChangeFeed.Host.Commands;
using ChangeFeed.StandIns.Cosmos;
using ChangeFeed.Tests.Programs;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChangeFeed.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One scenario's world: its own database (lease and parking containers, watched containers), its topic and a
/// receiver on it, and processor hosts built with the host's real registration code and in-memory settings.
/// </summary>
public sealed class Scenario : IAsyncDisposable
{
    public const string Account = "e2e";

    private readonly Targets targets;
    private readonly ITestOutputHelper output;
    private readonly List<IHost> hosts = [];
    private IDisposable? turn;

    private Scenario(Targets targets, ITestOutputHelper output, string database, string topic, string subscription)
    {
        this.targets = targets;
        this.output = output;
        Database = database;
        ClaimCheckContainer = database;
        Topic = topic;
        Received = new ReceivedEvents(targets.ServiceBusConnectionString, topic, subscription, database);
    }

    public string Database { get; }

    public string Topic { get; }

    /// <summary>The Blob Storage container of this scenario's claim-checked data (named like its database).</summary>
    public string ClaimCheckContainer { get; }

    public ReceivedEvents Received { get; }

    public Container Parked => targets.Cosmos.Client.GetContainer(Database, "parked");

    /// <summary>Routes and host settings added by the scenario, on top of <see cref="BaseSettings"/>.</summary>
    public Dictionary<string, string?> Settings { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="partitionedTopic">A partitioned topic (it refuses a batch of several sessions) instead of a plain one.</param>
    public static async Task<Scenario> StartAsync(Targets targets, ITestOutputHelper output, string name, bool partitionedTopic = false)
    {
        ArgumentNullException.ThrowIfNull(targets);
        // The suite's collections run side by side; on a real namespace they would share its one topic, so there a
        // scenario waits for the one before it to end.
        var turn = await targets.TakeTurnAsync();
        try
        {
            var database = $"e2e-{name}-{Guid.NewGuid().ToString("N")[..8]}";
            await targets.Cosmos.CreateLeaseContainerAsync(database);
            await targets.Cosmos.CreateContainerAsync(database, "parked", "/sourceContainer");
            await targets.Storage.CreateContainerAsync(database);
            var (topic, subscription) = targets.TopicFor(database, partitionedTopic);
            output.WriteLine($"target: {targets.Description}; database {database}, topic {topic}/{subscription}");
            return new Scenario(targets, output, database, topic, subscription) { turn = turn };
        }
        catch
        {
            turn.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Creates a watched container (spread over <paramref name="physicalPartitions"/> feed ranges when more than one)
    /// and configures route <paramref name="route"/> on it.
    /// </summary>
    public async Task<Container> AddRouteAsync(
        string route, string container, string partitionKeyPath, IReadOnlyDictionary<string, string>? routeSettings = null, int physicalPartitions = 1)
    {
        var watched = physicalPartitions > 1
            ? await targets.Cosmos.CreatePartitionedContainerAsync(Database, container, partitionKeyPath, physicalPartitions)
            : await targets.Cosmos.CreateContainerAsync(Database, container, partitionKeyPath);
        var prefix = $"ChangeFeed:Routes:{route}:";
        Settings[prefix + "Database"] = Database;
        Settings[prefix + "Container"] = container;
        Settings[prefix + "Topic"] = Topic;
        Settings[prefix + "PartitionKeyPath"] = partitionKeyPath;
        foreach (var (key, value) in routeSettings ?? new Dictionary<string, string>())
            Settings[prefix + key] = value;
        return watched;
    }

    public Dictionary<string, string?> BaseSettings() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["COSMOS"] = targets.Cosmos.ConnectionString,
        ["SERVICEBUS"] = targets.ServiceBusConnectionString,
        ["COSMOS_DATABASE"] = Database,
        ["COSMOS_LEASES_CONTAINER"] = "leases",
        ["COSMOS_PARKED_CONTAINER"] = "parked",
        ["COSMOS_PARKED_TTL"] = "01:00:00",
        ["CLAIMCHECK"] = targets.Storage.ConnectionString,
        ["CLAIMCHECK_CONTAINER"] = ClaimCheckContainer,
        ["ChangeFeed:Account"] = Account,
        ["Host:InstanceName"] = "e2e-host",
        ["Host:PollInterval"] = "00:00:00.100",
        ["Host:MaxItemsPerBatch"] = "500",
        ["Host:StartFrom"] = "Beginning",
        ["Host:EstimatorInterval"] = "00:00:01",
        ["Host:RetryMinBackoff"] = "00:00:00.200",
        ["Host:RetryMaxBackoff"] = "00:00:02",
        ["Host:LeaseAcquireInterval"] = "00:00:00.200",
        ["Host:LeaseExpirationInterval"] = "00:00:10",
        ["Host:LeaseRenewInterval"] = "00:00:01",
    };

    /// <summary>Builds (not starts) a processor host; <paramref name="overrides"/> win over the scenario's settings, a null value removes one.</summary>
    public IHost BuildHost(IReadOnlyDictionary<string, string?>? overrides = null, Action<IServiceCollection>? configureServices = null)
    {
        var settings = AllSettings();
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
            settings[key] = value;
        var host = BuildHost(settings, output, services =>
        {
            // The stand-in's certificate is pinned by the fixture's client options; the host's own registration reads the
            // same COSMOS setting and uses the same serializer.
            services.AddSingleton(_ => targets.Cosmos.CreateClient(options =>
            {
                options.ApplicationName = "changefeed-host-e2e";
                options.Serializer = new ChangeFeed.Cosmos.CosmosDocumentSerializer();
            }));
            configureServices?.Invoke(services);
        });
        hosts.Add(host);
        return host;
    }

    /// <summary>A host from exactly these settings, registered by <see cref="ProcessorHostSetup.AddChangeFeedProcessorHost"/>.</summary>
    public static IHost BuildHost(IReadOnlyDictionary<string, string?> settings, ITestOutputHelper output, Action<IServiceCollection>? configureServices = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings.Where(pair => pair.Value is not null));
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new TestOutputLoggerProvider(output, LogLevel.Warning));
        builder.Logging.AddFilter("Azure", LogLevel.Error); // the Azure SDK's retry chatter, forwarded process-wide
        builder.AddChangeFeedProcessorHost();
        configureServices?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>Runs a host command (<see cref="HostCommandLine"/>, e.g. <c>parked list</c>) in-process with this scenario's settings, as an operator would.</summary>
    public Task<CommandRun> RunCommandAsync(params string[] args) => RunCommandAsync(args, settingsInline: true);

    /// <summary>The same, with the command's services changed by <paramref name="configureServices"/> after its own registration (e.g. a publisher that waits).</summary>
    public Task<CommandRun> RunCommandAsync(Action<IServiceCollection> configureServices, params string[] args) =>
        RunCommandAsync(args, settingsInline: true, configureServices);

    /// <summary>The same, with this scenario's settings in a Functions local.settings.json passed with <c>--settings</c>.</summary>
    public async Task<CommandRun> RunCommandWithSettingsFileAsync(params string[] args)
    {
        var file = await WriteSettingsFileAsync(AllSettings());
        try
        {
            return await RunCommandAsync([.. args, "--settings", file], settingsInline: false);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// Runs the processor host as built (<c>dotnet ChangeFeed.Host.dll ...</c>, a process of its own) with this
    /// scenario's settings, <paramref name="overrides"/> winning (a null value removes one): as environment variables,
    /// or with <paramref name="settingsFile"/> in a local.settings.json passed with <c>--settings</c> (what azd up writes).
    /// </summary>
    public async Task<ProgramRun> RunBuiltHostAsync(IReadOnlyDictionary<string, string?>? overrides, bool settingsFile, params string[] args)
    {
        var settings = AllSettings();
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
            settings[key] = value;
        // A process of its own cannot pin the stand-in's certificate as the fixture's clients do: it is told to trust it.
        if (targets.Cosmos.IsStandIn && settings["COSMOS"] is { } cosmos)
            settings["COSMOS"] = cosmos + "DisableServerCertificateValidation=True;";

        var file = settingsFile ? await WriteSettingsFileAsync(settings) : null;
        try
        {
            var environment = file is null
                ? settings.ToDictionary(pair => pair.Key.Replace(":", "__", StringComparison.Ordinal), pair => pair.Value)
                : new Dictionary<string, string?>();
            var run = await BuiltProgram.RunAsync("ChangeFeed.Host", file is null ? args : [.. args, "--settings", file], environment);
            output.WriteLine($"$ ChangeFeed.Host {string.Join(' ', args)}{(file is null ? "" : " --settings <file>")}  (exit {run.ExitCode})\n{run.Output}{run.Error}");
            return run;
        }
        finally
        {
            if (file is not null)
                File.Delete(file);
        }
    }

    /// <summary>
    /// Starts the processor host as built with this scenario's settings as environment variables (as
    /// <see cref="RunBuiltHostAsync"/>), without waiting for it: a test stops it with a signal or kills it.
    /// </summary>
    public RunningProgram StartBuiltHost(IReadOnlyDictionary<string, string?>? overrides, params string[] args)
    {
        var settings = AllSettings();
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
            settings[key] = value;
        if (targets.Cosmos.IsStandIn && settings["COSMOS"] is { } cosmos)
            settings["COSMOS"] = cosmos + "DisableServerCertificateValidation=True;";
        output.WriteLine($"$ ChangeFeed.Host {string.Join(' ', args)}  (started)");
        return BuiltProgram.Start("ChangeFeed.Host", args, settings.ToDictionary(pair => pair.Key.Replace(":", "__", StringComparison.Ordinal), pair => pair.Value));
    }

    private async Task<string> WriteSettingsFileAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var file = Path.Combine(Path.GetTempPath(), $"{Database}-{Guid.NewGuid().ToString("N")[..6]}.local.settings.json");
        var values = settings.Where(pair => pair.Value is not null).ToDictionary(pair => pair.Key.Replace(":", "__", StringComparison.Ordinal), pair => pair.Value);
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new { IsEncrypted = false, Values = values }));
        return file;
    }

    private async Task<CommandRun> RunCommandAsync(string[] args, bool settingsInline, Action<IServiceCollection>? configureServices = null)
    {
        var settings = AllSettings();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await HostCommandLine.RunAsync(args, CommandConsole.Redirected(stdout, stderr), builder =>
        {
            if (settingsInline)
                builder.Configuration.AddInMemoryCollection(settings.Where(pair => pair.Value is not null));
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(new TestOutputLoggerProvider(output, LogLevel.Warning));
            builder.Services.AddSingleton(_ => targets.Cosmos.CreateClient(options => options.ApplicationName = "changefeed-command-e2e"));
            configureServices?.Invoke(builder.Services);
        }, CancellationToken.None);
        output.WriteLine($"$ {string.Join(' ', args)}  (exit {exitCode})\n{stdout}{stderr}");
        return new CommandRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    private Dictionary<string, string?> AllSettings()
    {
        var settings = BaseSettings();
        foreach (var (key, value) in Settings)
            settings[key] = value;
        return settings;
    }

    /// <summary>The parked records of a watched container, as stored (reason, document, ...).</summary>
    public async Task<IReadOnlyList<JsonElement>> ParkedAsync(string container)
    {
        // Cross-partition with a filter: the Cosmos stand-in answers single-partition queries on this key with 400.
        var query = new QueryDefinition("SELECT * FROM c WHERE c.sourceContainer = @source").WithParameter("@source", $"{Database}/{container}");
        using var iterator = Parked.GetItemQueryStreamIterator(query);
        return await iterator.ReadDocumentsAsync();
    }

    public void Print(Figures figures) => output.WriteLine($"FIGURES {figures}");

    /// <summary>
    /// The decoder as the sample subscriber registers it (<c>AddEventHandling</c>) with this scenario's claim check
    /// settings: what its dispatcher reads every message with.
    /// </summary>
    public ServiceProvider SubscriberServices()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CLAIMCHECK"] = targets.Storage.ConnectionString,
            ["CLAIMCHECK_CONTAINER"] = ClaimCheckContainer,
        }).Build();
        return new ServiceCollection().AddLogging().AddEventHandling(configuration).BuildServiceProvider();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in hosts)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await host.StopAsync(timeout.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or InvalidOperationException or ObjectDisposedException)
            {
            }

            host.Dispose();
        }

        await Received.DisposeAsync();
        turn?.Dispose();
    }
}

/// <summary>What a command printed and returned.</summary>
public sealed record CommandRun(int ExitCode, string Output, string Error);

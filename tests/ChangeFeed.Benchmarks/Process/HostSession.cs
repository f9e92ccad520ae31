using System.Diagnostics;
using System.Globalization;
using ChangeFeed.StandIns.Cosmos;
using ChangeFeed.StandIns.ServiceBus;
using Microsoft.Azure.Cosmos;
using Newtonsoft.Json.Linq;

namespace ChangeFeed.Benchmarks.Process;

/// <summary>
/// One host process in one mode and GC variant, with a database and topic of its own: started, warmed up (lease
/// continuations in all-versions mode, then the warm-up backlog), then measured window after window.
/// </summary>
public sealed class HostSession : IAsyncDisposable
{
    public const string Route = "orders";

    private readonly CosmosStandIn cosmos;
    private readonly StandInTopic topic;
    private readonly ProcessBenchmarkOptions options;
    private readonly FeedWriter writer;
    private readonly TextWriter log;
    private readonly string database;
    private int written;

    private HostSession(CosmosStandIn cosmos, StandInTopic topic, ProcessBenchmarkOptions options, FeedWriter writer, TextWriter log, string database, MeasuredHost host)
    {
        this.cosmos = cosmos;
        this.topic = topic;
        this.options = options;
        this.writer = writer;
        this.log = log;
        this.database = database;
        Host = host;
    }

    public MeasuredHost Host { get; }

    public int DocumentBytes => writer.LastDocumentBytes;

    public static async Task<HostSession> StartAsync(
        CosmosStandIn cosmos, ServiceBusStandIn serviceBus, ProcessBenchmarkOptions options, FeedMode mode, GcVariant gc, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cosmos);
        ArgumentNullException.ThrowIfNull(serviceBus);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(gc);
        var database = $"cpu-{ProcessBenchmarkOptions.NameOf(mode)}-{gc.Name}-{Guid.NewGuid().ToString("N")[..6]}";
        await cosmos.CreateLeaseContainerAsync(database, cancellationToken: cancellationToken);
        await cosmos.CreateContainerAsync(database, "parked", "/sourceContainer", cancellationToken: cancellationToken);
        var items = await cosmos.CreatePartitionedContainerAsync(database, Route, "/customerId", options.FeedRanges, cancellationToken);
        var topic = serviceBus.AddTopic(database, duplicateDetectionWindow: TimeSpan.FromMinutes(30));

        var settings = new Dictionary<string, string>
        {
            // A process of its own cannot pin the stand-in's throwaway certificate: it is told to trust it.
            ["COSMOS"] = cosmos.ConnectionString + "DisableServerCertificateValidation=true;",
            ["SERVICEBUS"] = serviceBus.ConnectionString,
            ["COSMOS_DATABASE"] = database,
            ["COSMOS_LEASES_CONTAINER"] = "leases",
            ["COSMOS_PARKED_CONTAINER"] = "parked",
            ["ChangeFeed:Account"] = "bench",
            [$"ChangeFeed:Routes:{Route}:Database"] = database,
            [$"ChangeFeed:Routes:{Route}:Container"] = Route,
            [$"ChangeFeed:Routes:{Route}:Topic"] = database,
            [$"ChangeFeed:Routes:{Route}:PartitionKeyPath"] = "/customerId",
            [$"ChangeFeed:Routes:{Route}:EventType"] = "com.contoso.orders.order",
            ["Host:InstanceName"] = "cpu-bench",
            ["Host:MaxItemsPerBatch"] = options.PageSize.ToString(CultureInfo.InvariantCulture),
            ["Host:StartFrom"] = mode == FeedMode.LatestVersion ? "Beginning" : "Now",
            // Frozen while a backlog is written: its leases must not expire meanwhile (one instance; nobody else takes them).
            ["Host:LeaseExpirationInterval"] = "00:30:00",
        };
        if (mode == FeedMode.AllVersionsAndDeletes)
            settings["Host:Mode"] = "AllVersionsAndDeletes";
        if (options.PollInterval is { } poll)
            settings["Host:PollInterval"] = poll;

        var host = await MeasuredHost.StartAsync(settings, gc, cancellationToken);
        log.WriteLine($"  started: {RuntimeProbe.ProcCpuOf(host.Id).TotalSeconds:F1} s CPU until the change feed processor started");
        var session = new HostSession(cosmos, topic, options, new FeedWriter(items, options), log, database, host);
        try
        {
            if (mode == FeedMode.AllVersionsAndDeletes)
                await session.EveryLeaseHasAContinuationAsync(items, cancellationToken);
            var warmUp = await session.BacklogAsync(options.WarmUp, cancellationToken);
            log.WriteLine($"  warm-up: {warmUp.Changes} changes drained, {warmUp.Counters.ProcCpu.TotalSeconds:F1} s CPU, {warmUp.Counters.JitMethods} methods JIT-compiled");
            await session.SettleAsync(cancellationToken);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>Freezes the host, writes <paramref name="changes"/> documents, thaws it and measures until all are relayed.</summary>
    public async Task<Window> BacklogAsync(int changes, CancellationToken cancellationToken)
    {
        var (accepted, dropped) = await AllRelayedAsync(written, cancellationToken);
        await Task.Delay(500, cancellationToken); // the last checkpoint
        // Read before the freeze (a frozen host cannot answer): the host is idle, and frozen a moment later until the drain.
        var before = Host.Probe();
        await Host.FreezeAsync();
        IReadOnlyList<string> ids;
        try
        {
            ids = await WriteAsync(() => writer.WriteBacklogAsync(changes, cancellationToken));
        }
        finally
        {
            await Host.ThawAsync();
        }

        return await MeasureAsync(before, accepted, dropped, ids, writes: null, cancellationToken);
    }

    /// <summary>Waits <see cref="ProcessBenchmarkOptions.IdleSeconds"/> with nothing written, once all written so far was relayed.</summary>
    public async Task<IdleFigures> IdleAsync(CancellationToken cancellationToken)
    {
        await AllRelayedAsync(written, cancellationToken);
        await Task.Delay(500, cancellationToken); // the last checkpoint
        var before = Host.Probe();
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(options.IdleSeconds), cancellationToken);
        var after = Host.Probe();
        return IdleFigures.From(after.Since(before), clock.Elapsed);
    }

    /// <summary>
    /// Tiered compilation goes on long after a warm-up: the JIT compiler recompiles hot methods in the background (tier 0,
    /// instrumented, tier 1) and took over 10 % of the first measured windows' CPU (perf). Drains more backlogs until one
    /// compiles fewer than <see cref="ProcessBenchmarkOptions.SettledJitMethods"/> methods, so that a window measures the
    /// steady state and not the process's start.
    /// </summary>
    private async Task SettleAsync(CancellationToken cancellationToken)
    {
        for (var round = 1; round <= options.Settle; round++)
        {
            var drain = await BacklogAsync(Math.Max(1_000, options.Measured / 4), cancellationToken);
            var settled = drain.Counters.JitMethods < ProcessBenchmarkOptions.SettledJitMethods;
            log.WriteLine($"  settling {round}: {drain.Changes} changes, {drain.Counters.ProcCpu.TotalMicroseconds / drain.Changes:F0} µs CPU per change, "
                + $"{drain.Counters.JitMethods} methods JIT-compiled{(settled ? ": settled" : "")}");
            if (settled)
                return;
        }
    }

    /// <summary>Writes <paramref name="changes"/> documents at the live rate while the host runs, and measures until all are relayed.</summary>
    public async Task<Window> LiveAsync(int changes, CancellationToken cancellationToken)
    {
        var (accepted, dropped) = await AllRelayedAsync(written, cancellationToken);
        await Task.Delay(500, cancellationToken); // the last checkpoint
        var before = Host.Probe();
        var clock = Stopwatch.StartNew();
        var ids = await WriteAsync(() => writer.WriteAtRateAsync(changes, options.LiveRate, cancellationToken));
        return await MeasureAsync(before, accepted, dropped, ids, clock.Elapsed, cancellationToken);
    }

    private async Task<IReadOnlyList<string>> WriteAsync(Func<Task<IReadOnlyList<string>>> write)
    {
        var ids = await write();
        written += ids.Count;
        return ids;
    }

    private async Task<Window> MeasureAsync(RuntimeProbe before, int accepted, int dropped, IReadOnlyList<string> ids, TimeSpan? writes, CancellationToken cancellationToken)
    {
        await AllRelayedAsync(accepted + ids.Count, cancellationToken);
        await Task.Delay(500, cancellationToken); // the last checkpoint
        var after = Host.Probe();
        // Binary content mode: the event's subject (the document id) is the cloudEvents_subject property.
        var subjects = topic.AcceptedMessages.Skip(accepted).Select(m => m.ApplicationProperties.GetValueOrDefault("cloudEvents_subject") as string).ToHashSet(StringComparer.Ordinal);
        var missing = ids.Count(id => !subjects.Contains(id));
        return new Window(ids.Count, ids.Count - missing, after.Since(before), writes, topic.DuplicatesDropped - dropped);
    }

    /// <summary>Waits until the topic accepted <paramref name="count"/> messages (every change written so far); returns its counters.</summary>
    private async Task<(int Accepted, int Dropped)> AllRelayedAsync(int count, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(Math.Max(120, count / 20.0));
        while (topic.AcceptedMessages.Count < count)
        {
            if (clock.Elapsed > limit)
                throw new TimeoutException($"{count - topic.AcceptedMessages.Count} of {count} changes not relayed within {limit}; host output:\n{string.Join('\n', Host.Output.TakeLast(30))}");
            await Task.Delay(50, cancellationToken);
        }

        return (topic.AcceptedMessages.Count, topic.DuplicatesDropped);
    }

    /// <summary>
    /// All-versions-and-deletes mode starts a lease from "now" at its first read and keeps that position only once it
    /// checkpoints: writes until every lease has a continuation, so that the warm-up backlog is after it.
    /// </summary>
    private async Task EveryLeaseHasAContinuationAsync(Container items, CancellationToken cancellationToken)
    {
        var leases = cosmos.Client.GetContainer(database, "leases");
        var clock = Stopwatch.StartNew();
        while (true)
        {
            await WriteAsync(() => writer.WriteBacklogAsync(64, cancellationToken));
            await Task.Delay(options.PollDelay + TimeSpan.FromSeconds(1), cancellationToken);
            var (total, without) = (0, 0);
            using var query = leases.GetItemQueryIterator<JObject>("SELECT * FROM c");
            while (query.HasMoreResults)
            {
                foreach (var lease in (await query.ReadNextAsync(cancellationToken)).Where(l => l["LeaseToken"] is not null))
                {
                    total++;
                    without += string.IsNullOrEmpty((string?)lease["ContinuationToken"]) ? 1 : 0;
                }
            }

            if (total >= options.FeedRanges && without == 0)
                break;
            if (clock.Elapsed > TimeSpan.FromSeconds(120))
                throw new TimeoutException($"{without} of {total} leases without a continuation after 120 s ({items.Id})");
        }

        // Writes before a lease's first read are not in the feed from "now": count only what arrives, once it stops arriving.
        var arrived = -1;
        while (arrived != topic.AcceptedMessages.Count)
        {
            arrived = topic.AcceptedMessages.Count;
            await Task.Delay(options.PollDelay + TimeSpan.FromSeconds(1), cancellationToken); // a poll of every lease
        }

        written = arrived;
        log.WriteLine($"  every lease has a continuation after {clock.Elapsed.TotalSeconds:F0} s");
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}

/// <summary>One measured window: changes written and relayed, the host's counters, how long the writes took (live).</summary>
public sealed record Window(int Changes, int Delivered, WindowCounters Counters, TimeSpan? Writes, int DuplicatesDropped);

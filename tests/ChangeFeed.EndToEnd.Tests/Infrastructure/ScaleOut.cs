using System.Diagnostics;
using System.Globalization;
using Microsoft.Azure.Cosmos;
using Newtonsoft.Json.Linq;

namespace ChangeFeed.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A scale-out scenario's world on top of <see cref="Scenario"/>: one route on a container with several feed ranges,
/// processor hosts as OS processes (<see cref="HostProcess"/>) sharing the lease container, the writes, and the
/// figures at the end (lost, duplicates, per-key order, leases per instance, lease moves, CPU per change).
/// </summary>
public sealed class ScaleOut : IAsyncDisposable
{
    /// <summary>Multiplies the scenarios' sizes (default 1, the sizes CI runs); e.g. 5 for a longer run.</summary>
    public const string SizeVariable = "CHANGEFEED_E2E_SCALE";

    public const string Route = "items";
    public const int MaxItemsPerBatch = 100;

    private readonly Targets targets;
    private readonly ITestOutputHelper output;
    private readonly List<HostProcess> hosts = [];
    private readonly Stopwatch clock = new();
    private TimeSpan? firstStarted;

    private ScaleOut(Targets targets, ITestOutputHelper output, Scenario scenario, Container items, bool allVersions)
    {
        this.targets = targets;
        this.output = output;
        Scenario = scenario;
        Items = items;
        AllVersions = allVersions;
    }

    public Scenario Scenario { get; }

    public Container Items { get; }

    public bool AllVersions { get; }

    public Container Leases => targets.Cosmos.Client.GetContainer(Scenario.Database, "leases");

    public IReadOnlyList<HostProcess> Hosts => hosts;

    public TimeSpan Elapsed => clock.Elapsed;

    public static int Size(int ci) =>
        ci * (int.TryParse(Environment.GetEnvironmentVariable(SizeVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var factor) && factor > 0 ? factor : 1);

    public static async Task<ScaleOut> StartAsync(Targets targets, ITestOutputHelper output, string name, bool allVersions, int feedRanges)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var scenario = await Scenario.StartAsync(targets, output, name);
        var items = await scenario.AddRouteAsync(Route, Route, "/pk", new Dictionary<string, string> { ["EventType"] = Documents.EntityType }, feedRanges);
        var ranges = (await items.GetFeedRangesAsync()).Count;
        output.WriteLine($"{ranges} feed ranges; {(allVersions ? "all versions and deletes" : "latest version")} mode; sizes x{Size(1)}");
        Assert.True(ranges >= feedRanges, $"the container has {ranges} feed ranges, expected at least {feedRanges}");
        return new ScaleOut(targets, output, scenario, items, allVersions);
    }

    /// <summary>
    /// <paramref name="keys"/> × <paramref name="perKey"/> writes (times <see cref="SizeVariable"/>), paced over at least
    /// <paramref name="pacedSeconds"/>; in all-versions-and-deletes mode every 4th document is deleted as well.
    /// </summary>
    public KeyedWrites Writes(int keys, int perKey, int pacedSeconds = 0) =>
        new(Items, keys, Size(perKey), deleteEvery: AllVersions ? 4 : 0, minimumDuration: TimeSpan.FromSeconds(Size(pacedSeconds)));

    /// <summary>The first host; in all-versions-and-deletes mode it also warms every lease up (<see cref="WarmUpAsync"/>).</summary>
    public async Task<HostProcess> StartFirstHostAsync(string instance)
    {
        var host = await StartHostAsync(instance);
        if (AllVersions)
            await WarmUpAsync();
        return host;
    }

    /// <summary>Starts a host process named <paramref name="instance"/> and waits until its processor runs.</summary>
    public async Task<HostProcess> StartHostAsync(string instance)
    {
        clock.Start();
        var settings = Scenario.BaseSettings();
        foreach (var (key, value) in Scenario.Settings)
            settings[key] = value;
        settings["Host:InstanceName"] = instance;
        settings["Host:MaxItemsPerBatch"] = MaxItemsPerBatch.ToString(CultureInfo.InvariantCulture);
        settings["Host:EstimatorInterval"] = "00:00:05";
        if (AllVersions)
        {
            settings["Host:Mode"] = "AllVersionsAndDeletes";
            settings["Host:StartFrom"] = "Now";
        }

        // The host builds its own Cosmos DB client from COSMOS: it trusts the stand-in's throwaway certificate this way.
        if (targets.Cosmos.IsStandIn)
            settings["COSMOS"] = targets.Cosmos.ConnectionString + "DisableServerCertificateValidation=true;";
        var host = HostProcess.Start(instance, settings);
        lock (hosts)
            hosts.Add(host);
        await host.WaitUntilStartedAsync(TimeSpan.FromSeconds(90));
        lock (hosts)
            firstStarted ??= clock.Elapsed;
        output.WriteLine($"{clock.Elapsed.TotalSeconds,6:F1} s  started {instance} (pid {host.Id})");
        return host;
    }

    public async Task KillAsync(HostProcess host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var owned = (await LeasesPerOwnerAsync()).GetValueOrDefault(host.InstanceName);
        await host.KillAsync();
        output.WriteLine($"{clock.Elapsed.TotalSeconds,6:F1} s  killed {host.InstanceName} (SIGKILL) owning {owned} leases");
    }

    public void Log(string what) => output.WriteLine($"{clock.Elapsed.TotalSeconds,6:F1} s  {what}");

    /// <summary>Lease documents per owner (instance name), as the processors left them in the lease container.</summary>
    public async Task<Dictionary<string, int>> LeasesPerOwnerAsync()
    {
        var owners = new Dictionary<string, int>(StringComparer.Ordinal);
        using var query = Leases.GetItemQueryIterator<JObject>("SELECT * FROM c");
        while (query.HasMoreResults)
        {
            foreach (var lease in await query.ReadNextAsync())
            {
                if (lease["LeaseToken"] is null)
                    continue; // the processor's lock document
                var owner = (string?)lease["Owner"] ?? "";
                owners[owner] = owners.GetValueOrDefault(owner) + 1;
            }
        }

        return owners;
    }

    /// <summary>Waits until every instance still running owns at least one lease.</summary>
    public Task EveryInstanceOwnsLeasesAsync(TimeSpan timeout)
    {
        Dictionary<string, int> owners = [];
        return Eventually.HoldsAsync(
            async () =>
            {
                owners = await LeasesPerOwnerAsync();
                return hosts.Where(h => !h.Killed).All(h => owners.GetValueOrDefault(h.InstanceName) > 0);
            },
            () => $"leases per owner: {Describe(owners)}",
            timeout);
    }

    /// <summary>
    /// All-versions-and-deletes mode starts each lease from "now" at its first read and keeps that position only once
    /// it checkpoints: writes to every range until each lease has a continuation, so that no later write is before it.
    /// </summary>
    public async Task WarmUpAsync()
    {
        var round = 0;
        await Eventually.HoldsAsync(
            async () =>
            {
                round++;
                await Parallel.ForEachAsync(Enumerable.Range(0, 64), async (k, ct) =>
                    await Items.UpsertItemAsync(new JObject { ["id"] = $"warm-up-{round}-{k}", ["pk"] = $"w{k}", ["seq"] = round }, new PartitionKey($"w{k}"), cancellationToken: ct));
                await Task.Delay(500);
                return await LeasesWithoutContinuationAsync() == 0;
            },
            () => "every lease checkpointed once",
            TimeSpan.FromSeconds(60));
        Log($"warm-up: every lease has a continuation after {round} rounds of 64 writes");
    }

    /// <summary>Waits until every expected event arrived (by document and kind), then a little longer for stragglers.</summary>
    public async Task DeliveredAsync(IReadOnlyList<ExpectedEvent> expected, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var wanted = expected.Select(e => (e.DocumentId, e.Deleted)).ToHashSet();
        var missing = wanted.Count;
        await Eventually.HoldsAsync(
            () =>
            {
                var arrived = Scenario.Received.All.Select(e => (e.Subject ?? "", KeyOrder.IsDeleted(e))).ToHashSet();
                missing = wanted.Count(w => !arrived.Contains(w));
                return missing == 0;
            },
            () => $"{missing} of {wanted.Count} events not delivered; hosts: {string.Join("; ", hosts.Select(h => $"{h.InstanceName} {(h.Killed ? "killed" : h.HasExited ? "EXITED" : "running")}"))}",
            timeout);
        clock.Stop();
        await Task.Delay(1000); // anything still coming would be a duplicate
    }

    /// <summary>The figures, printed as the suite's FIGURES line plus one HOSTS line; the events of the expected keys only.</summary>
    public async Task<ScaleFigures> FiguresAsync(IReadOnlyList<ExpectedEvent> expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var keys = expected.Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        var received = Scenario.Received.All.Where(e => e.SessionId is not null && keys.Contains(e.SessionId)).ToList();
        var owners = await LeasesPerOwnerAsync();
        var figures = Figures.From(expected, received, (await Scenario.ParkedAsync(Route)).Count, clock.Elapsed,
            targets.ServiceBusStandIn?.Topic(Scenario.Topic).DuplicatesDropped) with { LeasesPerInstance = Describe(owners) };
        var acquisitions = hosts.SelectMany(h => h.Acquisitions).ToList();
        var moves = acquisitions.Count - acquisitions.Distinct(StringComparer.Ordinal).Count();
        var cpu = hosts.Sum(h => h.CpuTime.TotalMilliseconds);
        var startUp = hosts.Sum(h => h.CpuAtStart.TotalMilliseconds);
        var result = new ScaleFigures(figures, moves, hosts.Sum(h => h.FailedRelays), TimeSpan.FromMilliseconds(cpu), TimeSpan.FromMilliseconds(startUp), hosts.Count)
        {
            Processing = clock.Elapsed - (firstStarted ?? TimeSpan.Zero),
        };
        Scenario.Print(figures);
        output.WriteLine($"HOSTS {result.Describe(hosts)}; machine: {Environment.ProcessorCount} cores{LoadAverage()}");
        foreach (var problem in hosts.SelectMany(h => h.Problems.Select(p => $"{h.InstanceName}: {p}")).Take(20))
            output.WriteLine(problem);
        return result;
    }

    private async Task<int> LeasesWithoutContinuationAsync()
    {
        var leases = 0;
        var without = 0;
        using var query = Leases.GetItemQueryIterator<JObject>("SELECT * FROM c");
        while (query.HasMoreResults)
        {
            foreach (var lease in (await query.ReadNextAsync()).Where(l => l["LeaseToken"] is not null))
            {
                leases++;
                if (string.IsNullOrEmpty((string?)lease["ContinuationToken"]))
                    without++;
            }
        }

        return leases == 0 ? int.MaxValue : without;
    }

    // What else the machine was doing: figures taken under load say little about the code.
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? $", load average {string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3))}" : "";

    private static string Describe(Dictionary<string, int> owners) =>
        string.Join(", ", owners.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{(o.Key.Length == 0 ? "(none)" : o.Key)} {o.Value}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var host in hosts)
            await host.DisposeAsync();
        await Scenario.DisposeAsync();
    }
}

/// <summary>A scale-out run's figures: the suite's own, lease moves, and the hosts' CPU.</summary>
public sealed record ScaleFigures(Figures Figures, int LeaseMoves, int FailedRelays, TimeSpan Cpu, TimeSpan StartUpCpu, int Instances)
{
    /// <summary>From the moment the first instance's processor had started until the last expected event arrived.</summary>
    public TimeSpan Processing { get; init; }

    /// <summary>
    /// Re-sends (what duplicate detection dropped) can only be pages that were in flight when a lease moved (a killed
    /// instance's leases, or a lease taken over by load balancing), at most one page per move, the page being relayed
    /// past the lease's last checkpoint (docs/decisions/0012-read-ahead-stops-at-the-relay.md), or pages whose relay
    /// failed part-way and was retried (none expected here; counted from the hosts' logs).
    /// </summary>
    public int ResendBound => (LeaseMoves + FailedRelays) * ScaleOut.MaxItemsPerBatch;

    /// <summary>
    /// What every scale-out scenario proves: each of the <paramref name="total"/> expected events arrived, none twice
    /// past duplicate detection, each key's in write order, and the re-sends duplicate detection dropped stayed within
    /// <see cref="ResendBound"/> (stand-in only: a real namespace does not count them).
    /// </summary>
    public void AssertEveryEventOnceInKeyOrder(int total)
    {
        Assert.Equal(0, Figures.Lost);
        Assert.Equal(total, Figures.Delivered);
        Assert.Equal(0, Figures.Duplicates);
        Assert.Equal(0, Figures.OrderViolations);
        if (Figures.DroppedByDuplicateDetection is { } resent)
            Assert.True(resent <= ResendBound, $"{resent} re-sends, more than one page for each of the {LeaseMoves} lease moves and {FailedRelays} failed relays");
    }

    public string Describe(IEnumerable<HostProcess> hosts)
    {
        var perChange = (Cpu - StartUpCpu).TotalMilliseconds * 1000 / Math.Max(Figures.Delivered, 1);
        var perHost = string.Join(", ", hosts.Select(h => FormattableString.Invariant(
            $"{h.InstanceName} {h.CpuTime.TotalSeconds:F1} s of which {h.CpuAtStart.TotalSeconds:F1} s start-up, {h.Acquisitions.Count} acquisitions{(h.Killed ? ", killed" : "")}")));
        return FormattableString.Invariant(
            $"instances {Instances}, lease moves {LeaseMoves}, failed relays {FailedRelays} (re-sends allowed {ResendBound}), changes/s {Figures.Delivered / Math.Max(Processing.TotalSeconds, 0.001):F0} over {Processing.TotalSeconds:F1} s from the first instance's start, CPU after start-up {(Cpu - StartUpCpu).TotalSeconds:F1} s = {perChange:F0} µs per change over all hosts ({perHost})");
    }
}

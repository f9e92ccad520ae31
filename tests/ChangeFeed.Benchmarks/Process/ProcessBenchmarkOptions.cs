using System.Globalization;

namespace ChangeFeed.Benchmarks.Process;

public enum FeedMode
{
    LatestVersion,
    AllVersionsAndDeletes,
}

public enum Scenario
{
    /// <summary>The host frozen while the changes are written, then thawed: it drains them at full pages.</summary>
    Backlog,

    /// <summary>A writer at a steady rate while the host keeps up: pages as large as the feed makes them.</summary>
    Live,

    /// <summary>Nothing written: what the host costs per second while it only polls and renews its leases.</summary>
    Idle,
}

/// <summary>The process benchmark's sizes and choices (<c>process --help</c> lists them).</summary>
public sealed record ProcessBenchmarkOptions
{
    public int WarmUp { get; init; } = 20_000;

    public int Measured { get; init; } = 20_000;

    public int Runs { get; init; } = 3;

    /// <summary>Backlogs drained after the warm-up, at most, until one compiles fewer than <see cref="SettledJitMethods"/> methods.</summary>
    public int Settle { get; init; } = 5;

    /// <summary>Methods a drain may JIT-compile and the host still count as settled (tiering up done).</summary>
    public const int SettledJitMethods = 20;

    /// <summary>Length of an idle window.</summary>
    public int IdleSeconds { get; init; } = 30;

    public int Keys { get; init; } = 500;

    public int FeedRanges { get; init; } = 8;

    public int DocumentBytes { get; init; } = 1_200;

    /// <summary>The host's <c>Host:MaxItemsPerBatch</c>: the size of a full page.</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>The host's <c>Host:PollInterval</c> (null: the host's default, 5 s).</summary>
    public string? PollInterval { get; init; }

    /// <summary>How long the host may wait before it reads a lease again that had nothing new.</summary>
    public TimeSpan PollDelay => PollInterval is null ? TimeSpan.FromSeconds(5) : TimeSpan.Parse(PollInterval, CultureInfo.InvariantCulture);

    /// <summary>Changes per second the live writer aims at.</summary>
    public int LiveRate { get; init; } = 250;

    public IReadOnlyList<FeedMode> Modes { get; init; } = [FeedMode.LatestVersion, FeedMode.AllVersionsAndDeletes];

    public IReadOnlyList<Scenario> Scenarios { get; init; } = [Scenario.Backlog, Scenario.Live];

    public IReadOnlyList<GcVariant> GcVariants { get; init; } = [GcVariant.Default];

    /// <summary>Also measure the Functions path's worker cost (<see cref="FunctionsWorkerBenchmark"/>).</summary>
    public bool Functions { get; init; } = true;

    public static string Usage => """
        dotnet run -c Release --project tests/ChangeFeed.Benchmarks -- process [options]
          --warmup N         changes relayed before measuring, per host process (default 20000)
          --measured N       changes per measured window (default 20000)
          --runs N           measured windows per scenario (default 3)
          --settle N         after the warm-up, up to N more backlogs (a quarter of --measured each) until one
                             JIT-compiles fewer than 20 methods (default 5; 0: none)
          --idle-seconds N   length of an idle window (default 30)
          --live-rate N      changes per second the live writer aims at (default 250)
          --poll-interval T  the host's Host:PollInterval, e.g. 00:00:00.100 (default: the host's, 5 s)
          --modes a,b        latest, all (default both)
          --scenarios a,b    backlog, live, idle (default backlog,live)
          --gc a,b           GC variants: default, server-datas, server-no-datas, gen0-64mb, non-concurrent, or 'all'
          --no-functions     skip the Functions worker row
          --smoke            the smallest sizes (numbers meaningless): --warmup 200 --measured 200 --runs 1 --settle 0 --idle-seconds 5
        """;

    public static ProcessBenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new ProcessBenchmarkOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Number() => int.Parse(Next(), NumberStyles.None, CultureInfo.InvariantCulture);
            IEnumerable<string> List() => Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            options = args[i] switch
            {
                "--warmup" => options with { WarmUp = Number() },
                "--measured" => options with { Measured = Number() },
                "--runs" => options with { Runs = Number() },
                "--settle" => options with { Settle = Number() },
                "--idle-seconds" => options with { IdleSeconds = Number() },
                "--live-rate" => options with { LiveRate = Number() },
                "--poll-interval" => options with { PollInterval = TimeSpan.Parse(Next(), CultureInfo.InvariantCulture).ToString("c", CultureInfo.InvariantCulture) },
                "--modes" => options with { Modes = [.. List().Select(ModeNamed)] },
                "--scenarios" => options with { Scenarios = [.. List().Select(name => Enum.Parse<Scenario>(name, ignoreCase: true))] },
                "--gc" => options with { GcVariants = Next() == "all" ? GcVariant.Known : [.. args[i].Split(',').Select(GcVariant.Named)] },
                "--no-functions" => options with { Functions = false },
                "--smoke" => options.Smoke(),
                _ => throw new ArgumentException($"unknown option {args[i]}\n{Usage}"),
            };
        }

        return options.Validated();
    }

    public ProcessBenchmarkOptions Smoke() => this with { WarmUp = 200, Measured = 200, Runs = 1, Settle = 0, IdleSeconds = 5 };

    public ProcessBenchmarkOptions Validated()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(WarmUp, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Measured, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Runs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(LiveRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Settle, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(IdleSeconds, 1);
        return this;
    }

    public static string NameOf(FeedMode mode) => mode == FeedMode.LatestVersion ? "latest" : "all";

    private static FeedMode ModeNamed(string name) => name switch
    {
        "latest" => FeedMode.LatestVersion,
        "all" => FeedMode.AllVersionsAndDeletes,
        _ => throw new ArgumentException($"unknown mode {name}: latest or all"),
    };
}

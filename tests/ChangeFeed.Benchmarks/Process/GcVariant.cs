namespace ChangeFeed.Benchmarks.Process;

/// <summary>A garbage collector configuration of the host, set only through the runtime's environment variables.</summary>
public sealed record GcVariant(string Name, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>The host as it ships: Workstation, concurrent (a console app's default), one heap.</summary>
    public static readonly GcVariant Default = new("default", new Dictionary<string, string> { ["DOTNET_gcServer"] = "0" });

    public static IReadOnlyList<GcVariant> Known { get; } =
    [
        Default,
        // .NET 9 and later turn DATAS (dynamic adaptation to application sizes) on with Server GC.
        new("server-datas", new Dictionary<string, string> { ["DOTNET_gcServer"] = "1" }),
        new("server-no-datas", new Dictionary<string, string> { ["DOTNET_gcServer"] = "1", ["DOTNET_GCDynamicAdaptationMode"] = "0" }),
        new("gen0-64mb", new Dictionary<string, string> { ["DOTNET_gcServer"] = "0", ["DOTNET_GCgen0size"] = "0x4000000" }),
        new("non-concurrent", new Dictionary<string, string> { ["DOTNET_gcServer"] = "0", ["DOTNET_gcConcurrent"] = "0" }),
        // Not the GC's but the JIT's: without dynamic PGO, hot methods go from tier 0 straight to tier 1 (no instrumented
        // tier), so the host settles sooner; measured the same way because it is chosen the same way.
        new("no-tiered-pgo", new Dictionary<string, string> { ["DOTNET_gcServer"] = "0", ["DOTNET_TieredPGO"] = "0" }),
    ];

    public static GcVariant Named(string name) =>
        Known.SingleOrDefault(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown GC variant '{name}'; known: {string.Join(", ", Known.Select(v => v.Name))}", nameof(name));

    public string Describe() => string.Join(' ', Environment.Select(pair => $"{pair.Key}={pair.Value}"));
}

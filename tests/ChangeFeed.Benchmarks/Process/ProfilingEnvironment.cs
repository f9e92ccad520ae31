namespace ChangeFeed.Benchmarks.Process;

/// <summary>
/// Runtime variables the benchmark passes from its own environment to the host, and only these: what a profiler needs
/// to name JIT-compiled frames (perf: <c>DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0</c>) and the JIT
/// experiments of docs/benchmarks.md (<c>DOTNET_TieredPGO</c>, <c>DOTNET_ReadyToRun</c>, <c>DOTNET_TieredCompilation</c>),
/// and the file <see cref="AllocationSampler"/> writes to.
/// The report names those that were set: they change what is measured.
/// </summary>
public static class ProfilingEnvironment
{
    public static IReadOnlyList<string> Names { get; } =
        ["DOTNET_PerfMapEnabled", "DOTNET_EnableWriteXorExecute", "DOTNET_TieredPGO", "DOTNET_ReadyToRun", "DOTNET_TieredCompilation", AllocationSampler.FileVariable];

    public static IEnumerable<(string Name, string Value)> Set() =>
        Names.Select(name => (name, Environment.GetEnvironmentVariable(name))).Where(pair => pair.Item2 is { Length: > 0 }).Select(pair => (pair.name, pair.Item2!));

    public static string Describe() => string.Join(' ', Set().Select(pair => $"{pair.Name}={pair.Value}"));
}

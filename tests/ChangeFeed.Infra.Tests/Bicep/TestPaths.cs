using System.Reflection;

namespace ChangeFeed.Infra.Tests.Bicep;

/// <summary>Paths baked into the test assembly at build time (see the csproj).</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = Metadata("RepoRoot");

    public static string BicepExecutable { get; } = Metadata("BicepPath");

    public static string Infra => Path.Combine(RepoRoot, "infra");

    public static string MainBicep => Path.Combine(Infra, "main.bicep");

    public static string ProjectDirectory => Path.Combine(RepoRoot, "tests", "ChangeFeed.Infra.Tests");

    public static string SnapshotsDirectory => Path.Combine(ProjectDirectory, "Snapshots");

    public static string InRepo(params string[] parts) => Path.Combine([RepoRoot, .. parts]);

    private static string Metadata(string key) =>
        typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"Assembly metadata {key} is missing.");
}

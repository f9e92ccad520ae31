using System.Reflection;
using ChangeFeed.StandIns.Internal;

namespace ChangeFeed.StandIns.Cosmos.Internal;

/// <summary>Finds tests/stand-ins/cosmos and runs <c>npm ci</c> there once when node_modules is missing.</summary>
internal static class StandInPackage
{
    public static string Locate(string? configured)
    {
        var candidates = new List<string?>
        {
            configured,
            typeof(StandInPackage).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == "CosmosStandInDirectory")?.Value,
        };
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            candidates.Add(Path.Combine(dir.FullName, "tests", "stand-ins", "cosmos"));
        }

        return candidates.FirstOrDefault(c => c is not null && File.Exists(Path.Combine(c, "server.js")))
            ?? throw new CosmosStandInException(
                $"tests/stand-ins/cosmos (server.js) not found; set {nameof(CosmosStandInOptions)}.{nameof(CosmosStandInOptions.StandInDirectory)}.");
    }

    public static bool IsInstalled(string directory) =>
        File.Exists(Path.Combine(directory, "node_modules", ".package-lock.json"))
        && File.Exists(Path.Combine(directory, "node_modules", "@vercel", "cosmosdb-server", "package.json"));

    /// <summary>Installs from the committed lockfile (see <see cref="NodeTools.EnsureInstalledAsync"/>).</summary>
    public static Task EnsureInstalledAsync(string directory, TimeSpan timeout, CancellationToken cancellationToken) =>
        NodeTools.EnsureInstalledAsync(
            directory, () => IsInstalled(directory), "npm is needed to install the stand-in's packages (Node.js 20 or later with npm)", timeout, Fail, cancellationToken);

    public static Exception Fail(string message, Exception? inner) =>
        inner is null ? new CosmosStandInException(message) : new CosmosStandInException(message, inner);
}

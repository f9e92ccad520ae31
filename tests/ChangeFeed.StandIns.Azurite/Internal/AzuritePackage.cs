using System.Reflection;
using ChangeFeed.StandIns.Internal;

namespace ChangeFeed.StandIns.Azurite.Internal;

/// <summary>Finds tests/stand-ins/azurite and runs <c>npm ci</c> there once when node_modules is missing.</summary>
internal static class AzuritePackage
{
    public static string Locate(string? configured)
    {
        var candidates = new List<string?>
        {
            configured,
            typeof(AzuritePackage).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "AzuriteDirectory")?.Value,
        };
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            candidates.Add(Path.Combine(dir.FullName, "tests", "stand-ins", "azurite"));

        return candidates.FirstOrDefault(c => c is not null && File.Exists(Path.Combine(c, "start.js")))
            ?? throw new AzuriteException($"tests/stand-ins/azurite (start.js) not found; set {nameof(AzuriteOptions)}.{nameof(AzuriteOptions.Directory)}.");
    }

    public static bool IsInstalled(string directory) =>
        File.Exists(Path.Combine(directory, "node_modules", ".package-lock.json"))
        && File.Exists(Path.Combine(directory, "node_modules", "azurite", "dist", "src", "blob", "main.js"));

    /// <summary>Installs from the committed lockfile (see <see cref="NodeTools.EnsureInstalledAsync"/>).</summary>
    public static Task EnsureInstalledAsync(string directory, TimeSpan timeout, CancellationToken cancellationToken) =>
        NodeTools.EnsureInstalledAsync(
            directory, () => IsInstalled(directory), "npm is needed to install Azurite (Node.js 20 or later with npm)", timeout, Fail, cancellationToken);

    public static Exception Fail(string message, Exception? inner) =>
        inner is null ? new AzuriteException(message) : new AzuriteException(message, inner);
}

using System.Reflection;
using System.Text.Json;

namespace ChangeFeed.LocalDevelopment.Tests;

/// <summary>Files of the repository the tests read (the root is baked in at build time, see the csproj).</summary>
internal static class Repo
{
    public static string Root { get; } =
        typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static string FunctionsProject => Path("src", "ChangeFeed.Functions");

    public static string SampleSettingsFile => Path("local.settings.sample.json");

    public static string ServiceBusConfigFile => Path("infra", "local", "servicebus-config.json");

    public static string ContainersFile => Path("infra", "local", "containers.json");

    public static string ComposeFile => Path("infra", "local", "docker-compose.yml");

    /// <summary>The committed deployment snapshot of infra/main.bicep (kept current by tests/ChangeFeed.Infra.Tests).</summary>
    public static string BicepSnapshotFile => Path("tests", "ChangeFeed.Infra.Tests", "Snapshots", "main.snapshot.json");

    public static JsonDocument Json(string file) => JsonDocument.Parse(File.ReadAllText(file));

    /// <summary>JSON as VS Code reads it: comments and trailing commas allowed.</summary>
    public static JsonDocument Jsonc(string file) =>
        JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
}

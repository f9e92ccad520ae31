using System.Reflection;

namespace ChangeFeed.Functions.Tests;

/// <summary>Paths into the real build of src/ChangeFeed.Functions (built by this test project's build, same configuration).</summary>
internal static class FunctionsProject
{
    /// <summary>Tests that read the build output or rebuild it run one at a time.</summary>
    public const string BuildOutput = "Functions build output";

    public static string Directory { get; } = Metadata("FunctionsProjectDirectory");

    public static string Configuration { get; } = Metadata("Configuration");

    public static string ProjectFile => Path.Combine(Directory, "ChangeFeed.Functions.csproj");

    public static string OutputFile(string name) => Existing(Path.Combine(Directory, "bin", Configuration, "net10.0", name));

    public static string IntermediateFile(params string[] path) => Existing(Path.Combine([Directory, "obj", Configuration, "net10.0", .. path]));

    public static string IntermediatePath(params string[] path) => Path.Combine([Directory, "obj", Configuration, "net10.0", .. path]);

    private static string Existing(string path) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing: build src/ChangeFeed.Functions ({Configuration}) first.", path);

    private static string Metadata(string key) =>
        typeof(FunctionsProject).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(attribute => attribute.Key == key).Value!;
}

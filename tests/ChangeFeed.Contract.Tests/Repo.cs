using System.Reflection;

namespace ChangeFeed.Contract.Tests;

/// <summary>The repository the tests read (its root is baked in at build time, see the csproj).</summary>
internal static class Repo
{
    public static string Root { get; } =
        typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

    public static string Path(string relative) => System.IO.Path.GetFullPath(System.IO.Path.Combine(Root, relative));

    public static string Read(string relative) => File.ReadAllText(Path(relative));

    /// <summary>The committed contract of the sample configuration.</summary>
    public const string Contract = "docs/contract/asyncapi.json";
}

using System.Reflection;

namespace ChangeFeed.Docs.Tests;

/// <summary>The repository the tests read (its root is baked in at build time, see the csproj).</summary>
internal static class Repo
{
    public static string Root { get; } =
        typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

    private static readonly string[] NotPages = ["node_modules", "bin", "obj", ".git", "TestResults", "BenchmarkDotNet.Artifacts"];

    public static string Path(string relative) => System.IO.Path.GetFullPath(System.IO.Path.Combine(Root, relative));

    /// <summary>A path relative to the root, with '/' separators, as pages and messages write it.</summary>
    public static string Relative(string fullPath) => System.IO.Path.GetRelativePath(Root, fullPath).Replace('\\', '/');

    /// <summary>
    /// A path from the root ('/' separators, "." for the root itself) for <paramref name="relative"/> seen from
    /// <paramref name="folder"/> (also such a path); null when it leaves the repository.
    /// </summary>
    public static string? Join(string folder, string relative)
    {
        var parts = folder is "." or "" ? new List<string>() : [.. folder.Split('/')];
        foreach (var part in relative.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                if (parts.Count == 0)
                    return null;
                parts.RemoveAt(parts.Count - 1);
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }

        return parts.Count == 0 ? "." : string.Join('/', parts);
    }

    public static string Read(string relative) => File.ReadAllText(Path(relative));

    /// <summary>Every Markdown page of the repository: README.md, docs/**, tests/**/README.md and the others.</summary>
    public static IReadOnlyList<string> MarkdownPages() =>
        Directory.EnumerateFiles(Root, "*.md", SearchOption.AllDirectories)
            .Select(Relative)
            .Where(path => !path.Split('/').Any(part => NotPages.Contains(part, StringComparer.Ordinal)))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Exact file names in .gitignore (no wildcard): files made on a machine, such as local.settings.json.</summary>
    public static IReadOnlySet<string> IgnoredFileNames() =>
        File.ReadAllLines(Path(".gitignore"))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#') && !line.EndsWith('/') && line.IndexOfAny(['*', '?', '[', '/']) < 0)
            .ToHashSet(StringComparer.Ordinal);
}

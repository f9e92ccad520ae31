using System.Text.RegularExpressions;

namespace ChangeFeed.Docs.Tests;

/// <summary>
/// Checks the commands of a page's shell code blocks (<c>```sh</c>, <c>bash</c>, <c>shell</c>): every repository path
/// they use exists. They run from the repository root (a <c>cd</c> in the block moves on from there). Checked: the
/// projects of <c>dotnet run --project</c>, <c>dotnet test|build|publish</c>, the file of <c>dotnet run X.cs</c>,
/// <c>docker compose -f</c>, <c>--settings</c>, <c>cp</c> sources, <c>cd</c> folders, scripts, and any other word that
/// is a relative path (has a '/'). Not checked: words with <c>$</c>, <c>&lt;</c>, <c>*</c> or a scheme, absolute paths,
/// files the block itself writes (<c>&gt; file</c>, <c>cp</c> targets) and files <c>.gitignore</c> names (made on a machine).
/// </summary>
internal sealed partial class CommandCheck(
    Func<string, bool> fileExists, Func<string, bool> directoryExists, IReadOnlySet<string> ignoredFileNames,
    Func<string, IReadOnlyList<string>, string?>? programHelp = null)
{
    public static readonly string[] ShellLanguages = ["sh", "bash", "shell"];

    private static readonly HashSet<string> DotnetOptionsWithValue = new(StringComparer.Ordinal)
    {
        "-c", "--configuration", "-f", "--framework", "--filter", "-o", "--output", "-r", "--runtime", "-l", "--logger",
        "--results-directory", "-s", "--settings", "--project", "-v", "--verbosity", "-a", "--arch", "--os", "-e", "--environment",
        "--launch-profile", "--collect", "--blame-hang-timeout",
    };

    public static CommandCheck OnDisk() => new(
        path => File.Exists(Repo.Path(path)),
        path => Directory.Exists(Repo.Path(path)),
        Repo.IgnoredFileNames(),
        ProgramHelp.Of);

    public IEnumerable<string> Problems(MarkdownPage page)
    {
        foreach (var (language, text, line) in page.CodeBlocks())
        {
            if (!ShellLanguages.Contains(language, StringComparer.OrdinalIgnoreCase))
                continue;

            var cwd = ".";
            var written = new HashSet<string>(StringComparer.Ordinal);
            foreach (var command in ShellWords.Commands(text))
            {
                var shown = string.Join(' ', command.Words);
                var where = $"{page.Path}:{line + 1 + command.Line}: `{shown}`";
                foreach (var (path, kind) in Paths(command.Words))
                {
                    if (Problem(path, kind, cwd, written) is { } problem)
                        yield return $"{where}: {problem}{(cwd == "." ? "" : $" (after `cd {cwd}`)")}.";
                }

                if (ProgramProblem(command.Words, cwd) is { } programProblem)
                    yield return $"{where}: {programProblem}.";

                // A cd that fails leaves the shell where it was.
                if (command.Words is ["cd", var folder, ..] && Checkable(folder) && Combine(cwd, folder) is { } moved && directoryExists(moved))
                    cwd = moved;
                if (command.Words is ["cp", .., var target] && command.Words.Count >= 3 && Checkable(target))
                    written.Add(Combine(cwd, target) ?? target);
                if (command.Redirect is { } file && Checkable(file))
                    written.Add(Combine(cwd, file) ?? file);
            }
        }
    }

    private enum PathKind
    {
        Any,
        File,
        Folder,
        Project,
    }

    /// <summary>The repository paths a command uses, and what each must be.</summary>
    private static IEnumerable<(string Path, PathKind Kind)> Paths(IReadOnlyList<string> all)
    {
        var words = all.SkipWhile(word => word == "sudo" || EnvironmentAssignment().IsMatch(word)).ToList();
        if (words.Count == 0)
            yield break;

        var explicitPaths = new HashSet<int>();
        switch (words)
        {
            case ["cd", _, ..]:
                explicitPaths.Add(1);
                yield return (words[1], PathKind.Folder);
                break;
            case ["cp", ..]:
                for (var i = 1; i < words.Count - 1; i++)
                {
                    if (!words[i].StartsWith('-'))
                    {
                        explicitPaths.Add(i);
                        yield return (words[i], PathKind.Any);
                    }
                }

                explicitPaths.Add(words.Count - 1); // the target is written, not read
                break;
            case ["bash" or "sh" or "pwsh" or "source" or ".", _, ..]:
                explicitPaths.Add(1);
                yield return (words[1], PathKind.File);
                break;
            case ["dotnet", var verb, ..]:
                var programArguments = words.IndexOf("--");
                var end = programArguments < 0 ? words.Count : programArguments;
                var positionalSeen = false;
                for (var i = 2; i < end; i++)
                {
                    var word = words[i];
                    if (word is "--project" && i + 1 < end)
                    {
                        explicitPaths.Add(++i);
                        yield return (words[i], PathKind.Project);
                    }
                    else if (DotnetOptionsWithValue.Contains(word))
                    {
                        explicitPaths.Add(++i);
                    }
                    else if (!word.StartsWith('-') && !positionalSeen)
                    {
                        positionalSeen = true;
                        if (verb is "test" or "build" or "publish" or "clean" or "restore" or "pack")
                        {
                            explicitPaths.Add(i);
                            yield return (word, PathKind.Project);
                        }
                        else if (verb == "run" && word.EndsWith(".cs", StringComparison.Ordinal))
                        {
                            explicitPaths.Add(i);
                            yield return (word, PathKind.File);
                        }
                    }
                }

                break;
            case [var script, ..] when script.StartsWith("./", StringComparison.Ordinal) || script.Contains('/', StringComparison.Ordinal):
                explicitPaths.Add(0);
                yield return (script, PathKind.File);
                break;
        }

        for (var i = 0; i < words.Count; i++)
        {
            if (explicitPaths.Contains(i))
                continue;
            var word = words[i];
            if ((word is "--settings" or "-f" or "--file") && i + 1 < words.Count)
            {
                explicitPaths.Add(i + 1);
                yield return (words[i + 1], PathKind.File);
            }
            else if (RelativePath().IsMatch(word) && !explicitPaths.Contains(i))
            {
                yield return (word, PathKind.Any);
            }
        }
    }

    /// <summary>
    /// For <c>dotnet run --project P -- ARGS</c> of a program whose command line is known: each command word of ARGS is
    /// a command the program has (its <c>--help</c> lists them).
    /// </summary>
    private string? ProgramProblem(IReadOnlyList<string> words, string cwd)
    {
        var list = words.ToList();
        var separator = list.IndexOf("--");
        var projectAt = list.IndexOf("--project");
        if (programHelp is null || words is not ["dotnet", "run", ..] || separator < 0 || projectAt < 0 || projectAt + 1 >= separator
            || Combine(cwd, words[projectAt + 1]) is not { } project)
            return null;

        var path = new List<string>();
        for (var i = separator + 1; i < words.Count; i++)
        {
            if (programHelp(project, path) is not { } help)
                return null;
            var word = words[i];
            if (word.StartsWith('-'))
            {
                if (ProgramHelp.OptionsWithValue(help).Contains(word))
                    i++;
                continue;
            }

            var commands = ProgramHelp.Subcommands(help);
            if (commands.Count == 0)
                return null; // an argument of the command
            if (!commands.Contains(word, StringComparer.Ordinal))
                return $"'{word}' is not a command of `{string.Join(' ', ["dotnet run --project", project, "--", .. path])}`: it has {string.Join(", ", commands)}";
            path.Add(word);
        }

        return null;
    }

    private string? Problem(string path, PathKind kind, string cwd, HashSet<string> written)
    {
        if (!Checkable(path))
            return null;
        var target = Combine(cwd, path);
        if (target is null)
            return $"'{path}' leaves the repository";
        if (written.Contains(target) || ignoredFileNames.Contains(target.Split('/')[^1]))
            return null;

        return kind switch
        {
            PathKind.Folder when !directoryExists(target) => $"the folder '{target}' does not exist",
            PathKind.File when !fileExists(target) => $"the file '{target}' does not exist",
            PathKind.Project when !IsProject(target) => $"'{target}' is not a project: expected a folder holding a .csproj or .sln, or such a file",
            PathKind.Any when !fileExists(target) && !directoryExists(target) => $"'{target}' does not exist",
            _ => null,
        };
    }

    private bool IsProject(string target) =>
        target.EndsWith(".csproj", StringComparison.Ordinal) || target.EndsWith(".sln", StringComparison.Ordinal) || target.EndsWith(".slnx", StringComparison.Ordinal)
            ? fileExists(target)
            : directoryExists(target) && (fileExists($"{target}/{target.Split('/')[^1]}.csproj") || target == "." && fileExists("ChangeFeed.sln"));

    /// <summary>A word the checks can judge: no variable, placeholder, glob, scheme or absolute path.</summary>
    private static bool Checkable(string word) =>
        word.Length > 0 && word.IndexOfAny(['$', '<', '>', '*', '?', '{', '`', '~']) < 0 && !word.StartsWith('/') && !word.Contains("://", StringComparison.Ordinal);

    private static string? Combine(string cwd, string relative) => Repo.Join(cwd, relative);

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*=")]
    private static partial Regex EnvironmentAssignment();

    /// <summary>A relative path: names of letters, digits, '.', '_', '-' joined by '/'.</summary>
    [GeneratedRegex(@"^(\./)?[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)+/?$")]
    private static partial Regex RelativePath();
}

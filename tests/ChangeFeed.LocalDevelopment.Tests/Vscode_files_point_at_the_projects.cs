using System.Text.Json;
using System.Text.RegularExpressions;

namespace ChangeFeed.LocalDevelopment.Tests;

/// <summary>.vscode/*.json parse as VS Code reads them, and every path, task and command they name exists.</summary>
public sealed partial class Vscode_files_point_at_the_projects
{
    private const string Functions = "src/ChangeFeed.Functions";

    public static TheoryData<string> Files() => ["extensions.json", "launch.json", "settings.json", "tasks.json"];

    [Theory]
    [MemberData(nameof(Files))]
    public void file_parses_with_comments_and_trailing_commas(string file)
    {
        using var document = Repo.Jsonc(Repo.Path(".vscode", file));

        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
    }

    [Theory]
    [InlineData("launch.json")]
    [InlineData("settings.json")]
    [InlineData("tasks.json")]
    public void every_path_named_exists(string file)
    {
        using var document = Repo.Jsonc(Repo.Path(".vscode", file));
        var paths = Strings(document.RootElement).SelectMany(s => RepoPath().Matches(s)).Select(m => m.Groups[1].Value.TrimEnd('/')).ToList();

        Assert.NotEmpty(paths);
        Assert.All(paths, path => Assert.True(Exists(path), $"{file} names {path}, which does not exist"));
    }

    [Fact]
    public void the_azure_functions_settings_name_the_function_app_project()
    {
        using var settings = Repo.Jsonc(Repo.Path(".vscode", "settings.json"));
        var root = settings.RootElement;

        Assert.Equal(Functions, root.GetProperty("azureFunctions.projectSubpath").GetString());
        Assert.StartsWith($"{Functions}/bin/Release/net10.0/", root.GetProperty("azureFunctions.deploySubpath").GetString(), StringComparison.Ordinal);
        Assert.Equal("C#", root.GetProperty("azureFunctions.projectLanguage").GetString());
        Assert.Equal("~4", root.GetProperty("azureFunctions.projectRuntime").GetString());
        Assert.Contains(root.GetProperty("azureFunctions.preDeployTask").GetString(), TaskLabels());
        Assert.True(root.TryGetProperty("debug.internalConsoleOptions", out _));
        Assert.True(File.Exists(Repo.Path(Functions, "ChangeFeed.Functions.csproj")));
    }

    [Fact]
    public void func_host_start_runs_in_the_function_app_folder_after_its_build()
    {
        using var tasks = Repo.Jsonc(Repo.Path(".vscode", "tasks.json"));
        var all = tasks.RootElement.GetProperty("tasks").EnumerateArray().ToList();
        var func = Assert.Single(all, t => t.GetProperty("type").GetString() == "func");
        var build = Assert.Single(all, t => t.GetProperty("label").GetString() == func.GetProperty("dependsOn").GetString());

        Assert.Equal("host start", func.GetProperty("command").GetString());
        Assert.True(func.GetProperty("isBackground").GetBoolean());
        // Core Tools reads local.settings.json from its working directory: where the hooks and docs/local-development.md put it.
        Assert.Equal($"${{workspaceFolder}}/{Functions}", func.GetProperty("options").GetProperty("cwd").GetString());
        Assert.Equal("dotnet", build.GetProperty("command").GetString());
        Assert.Equal("build", build.GetProperty("args")[0].GetString());
        Assert.StartsWith($"${{workspaceFolder}}/{Functions}", build.GetProperty("options").GetProperty("cwd").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("docker compose -f infra/local/docker-compose.yml up -d")]
    [InlineData("dotnet run infra/local/setup.cs")]
    public void a_task_prepares_the_emulators(string command)
    {
        using var tasks = Repo.Jsonc(Repo.Path(".vscode", "tasks.json"));

        Assert.Contains(command, tasks.RootElement.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("command").GetString()));
        Assert.True(File.Exists(Repo.Path(command.Split(' ').Single(part => part.StartsWith("infra/", StringComparison.Ordinal)))));
    }

    [Fact]
    public void every_task_dependency_and_pre_launch_task_is_a_task()
    {
        using var tasks = Repo.Jsonc(Repo.Path(".vscode", "tasks.json"));
        using var launch = Repo.Jsonc(Repo.Path(".vscode", "launch.json"));
        var named = tasks.RootElement.GetProperty("tasks").EnumerateArray()
            .Where(t => t.TryGetProperty("dependsOn", out _)).Select(t => t.GetProperty("dependsOn").GetString())
            .Concat(launch.RootElement.GetProperty("configurations").EnumerateArray()
                .Where(c => c.TryGetProperty("preLaunchTask", out _)).Select(c => c.GetProperty("preLaunchTask").GetString()))
            .ToList();

        Assert.NotEmpty(named);
        Assert.All(named, name => Assert.Contains(name, TaskLabels()));
    }

    [Fact]
    public void launch_attaches_to_the_functions_worker_and_starts_the_host_and_the_subscriber()
    {
        using var launch = Repo.Jsonc(Repo.Path(".vscode", "launch.json"));
        var configurations = launch.RootElement.GetProperty("configurations").EnumerateArray().ToList();

        var attach = Assert.Single(configurations, c => c.GetProperty("request").GetString() == "attach");
        Assert.Equal("coreclr", attach.GetProperty("type").GetString());
        Assert.Equal("${command:azureFunctions.pickProcess}", attach.GetProperty("processId").GetString());

        var launched = configurations.Where(c => c.GetProperty("request").GetString() == "launch").Select(c => c.GetProperty("program").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(
            ["${workspaceFolder}/src/ChangeFeed.Host/bin/Debug/net10.0/ChangeFeed.Host.dll", "${workspaceFolder}/src/ChangeFeed.Subscriber/bin/Debug/net10.0/ChangeFeed.Subscriber.dll"],
            launched);
    }

    [Theory]
    [InlineData("ms-azuretools.vscode-azurefunctions")]
    [InlineData("ms-dotnettools.csdevkit")]
    [InlineData("ms-azuretools.vscode-bicep")]
    [InlineData("ms-azuretools.vscode-docker")]
    public void the_extension_is_recommended(string extension)
    {
        using var extensions = Repo.Jsonc(Repo.Path(".vscode", "extensions.json"));

        Assert.Contains(extension, extensions.RootElement.GetProperty("recommendations").EnumerateArray().Select(e => e.GetString()));
    }

    private static List<string?> TaskLabels()
    {
        using var tasks = Repo.Jsonc(Repo.Path(".vscode", "tasks.json"));
        return [.. tasks.RootElement.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("label").GetString())];
    }

    // Build output (bin/...) does not exist in a fresh clone: its project must, and the file must be that project's.
    private static bool Exists(string path)
    {
        var bin = path.IndexOf("/bin/", StringComparison.Ordinal);
        if (bin < 0)
            return File.Exists(Repo.Path(path)) || Directory.Exists(Repo.Path(path));

        var project = path[..bin];
        var projectName = Path.GetFileName(project);
        var file = Path.GetFileName(path);
        return File.Exists(Repo.Path(project, $"{projectName}.csproj"))
            && (file is "publish" || file == $"{projectName}.dll" || !Path.HasExtension(file));
    }

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value).Append(p.Name)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        _ => [],
    };

    // ${workspaceFolder}/x/y, or a bare relative path starting with a top-level folder of the repository.
    [GeneratedRegex(@"(?:\$\{workspaceFolder\}/|(?<![\w/.$}-]))((?:src|infra|tests)/[^\s""';]+)")]
    private static partial Regex RepoPath();
}

namespace ChangeFeed.LocalDevelopment.Tests;

/// <summary>The VS Code task that runs the host's check command against the emulators: real project, real settings.</summary>
public sealed class Check_task_runs_the_host_with_the_sample_settings
{
    [Fact]
    public void the_task_runs_check_with_the_sample_settings_from_the_repository_root()
    {
        using var tasks = Repo.Jsonc(Repo.Path(".vscode", "tasks.json"));
        var task = Assert.Single(tasks.RootElement.GetProperty("tasks").EnumerateArray(), t => t.GetProperty("label").GetString() == "check (emulators)");

        Assert.Equal("dotnet", task.GetProperty("command").GetString());
        Assert.Equal(
            ["run", "--project", "src/ChangeFeed.Host", "--", "check", "--settings", "local.settings.sample.json"],
            task.GetProperty("args").EnumerateArray().Select(a => a.GetString()!));
        Assert.Equal("${workspaceFolder}", task.GetProperty("options").GetProperty("cwd").GetString());
        Assert.True(File.Exists(Repo.Path("src", "ChangeFeed.Host", "ChangeFeed.Host.csproj")));
        Assert.True(File.Exists(Repo.Path("local.settings.sample.json")));
    }
}

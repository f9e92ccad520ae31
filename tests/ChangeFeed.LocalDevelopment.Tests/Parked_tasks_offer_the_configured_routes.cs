namespace ChangeFeed.LocalDevelopment.Tests;

/// <summary>The VS Code tasks that run the host's parked command against the emulators: real project, real settings, real routes.</summary>
public sealed class Parked_tasks_offer_the_configured_routes
{
    [Theory]
    [InlineData("parked: list (emulators)", "list")]
    [InlineData("parked: replay (emulators)", "replay")]
    public void the_task_runs_the_host_with_the_sample_settings(string label, string verb)
    {
        using var tasks = Repo.Jsonc(Repo.Path(".vscode", "tasks.json"));
        var task = Assert.Single(tasks.RootElement.GetProperty("tasks").EnumerateArray(), t => t.GetProperty("label").GetString() == label);
        var args = task.GetProperty("args").EnumerateArray().Select(a => a.GetString()!).ToList();

        Assert.Equal("dotnet", task.GetProperty("command").GetString());
        Assert.Equal(["run", "--project", "src/ChangeFeed.Host", "--", "parked", verb, "${input:route}", "--settings", "local.settings.sample.json"], args);
        Assert.True(File.Exists(Repo.Path("src", "ChangeFeed.Host", "ChangeFeed.Host.csproj")));
        Assert.True(File.Exists(Repo.Path("local.settings.sample.json")));
        Assert.Equal("${workspaceFolder}", task.GetProperty("options").GetProperty("cwd").GetString());
    }

    [Fact]
    public void the_route_to_pick_is_one_the_sample_settings_configure()
    {
        using var tasks = Repo.Jsonc(Repo.Path(".vscode", "tasks.json"));
        using var sample = Repo.Jsonc(Repo.Path("local.settings.sample.json"));
        var input = Assert.Single(tasks.RootElement.GetProperty("inputs").EnumerateArray(), i => i.GetProperty("id").GetString() == "route");
        var configured = sample.RootElement.GetProperty("Values").EnumerateObject()
            .Select(v => v.Name.Split("__"))
            .Where(parts => parts.Length > 3 && parts[0] == "ChangeFeed" && parts[1] == "Routes")
            .Select(parts => parts[2])
            .ToHashSet(StringComparer.Ordinal);

        Assert.Equal("pickString", input.GetProperty("type").GetString());
        Assert.Equal(configured.Order(StringComparer.Ordinal), input.GetProperty("options").EnumerateArray().Select(o => o.GetString()!).Order(StringComparer.Ordinal));
        Assert.Contains(input.GetProperty("default").GetString()!, configured);
    }
}

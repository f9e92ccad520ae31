using System.Text.Json;
using ChangeFeed.Host;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ChangeFeed.LocalDevelopment.Tests;

/// <summary>The processor host started from .vscode/launch.json: valid, and configured like the Function App's sample.</summary>
public sealed class Host_launch_settings_match_the_function_app
{
    private static Dictionary<string, string?> LaunchEnvironment()
    {
        using var launch = Repo.Jsonc(Repo.Path(".vscode", "launch.json"));
        var configuration = launch.RootElement.GetProperty("configurations").EnumerateArray()
            .Single(c => c.GetProperty("request").GetString() == "launch" && c.GetProperty("program").GetString()!.Contains("ChangeFeed.Host", StringComparison.Ordinal));
        return configuration.GetProperty("env").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
    }

    [Fact]
    public void the_host_launched_from_vscode_passes_start_up_validation()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(LaunchEnvironment().Select(p => KeyValuePair.Create(p.Key.Replace("__", ":", StringComparison.Ordinal), p.Value)));
        builder.AddChangeFeedProcessorHost();
        using var host = builder.Build();

        var failure = Record.Exception(() => host.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Null(failure);
    }

    [Fact]
    public void the_host_reads_the_same_connections_database_and_routes_as_the_function_app_sample()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Repo.Path("local.settings.sample.json")));
        var expected = sample.RootElement.GetProperty("Values").EnumerateObject()
            .Where(p => p.Name.StartsWith("ChangeFeed__", StringComparison.Ordinal) || p.Name.StartsWith("COSMOS", StringComparison.Ordinal) || p.Name == "SERVICEBUS")
            .ToDictionary(p => p.Name, p => p.Value.GetString());

        var environment = LaunchEnvironment();

        Assert.All(expected, setting => Assert.Equal(setting.Value, environment.GetValueOrDefault(setting.Key)));
    }
}

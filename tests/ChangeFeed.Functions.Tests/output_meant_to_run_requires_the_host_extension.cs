using System.Text.Json.Nodes;

namespace ChangeFeed.Functions.Tests;

/// <summary>
/// build/FunctionsExtensionsOffline.targets never lets a Release build or a publish ship the empty extension list
/// (an app whose functions would all fail to index in Azure): CF1003 names the package and the fix. Where the
/// package source serves the extension, the same publish succeeds and ships it.
/// </summary>
[Collection(FunctionsProject.BuildOutput)]
public sealed class output_meant_to_run_requires_the_host_extension : IDisposable
{
    private readonly DirectoryInfo publishDirectory = Directory.CreateTempSubdirectory("changefeed-publish-");

    public void Dispose() => publishDirectory.Delete(recursive: true);

    [Fact]
    public async Task a_release_publish_fails_with_CF1003_naming_the_package_and_the_fix()
    {
        // What `azd deploy` runs. Analyzers off: the code is analysed by the Debug build; this proves the packaging.
        var (exitCode, output) = await DotnetCommand.RunAsync(
            ["publish", FunctionsProject.ProjectFile, "-c", "Release", "--no-restore", "-nologo", "-o", publishDirectory.FullName, "-p:RunAnalyzers=false"],
            timeout: TimeSpan.FromMinutes(10));

        if (DotnetCommand.ExtensionRestoreFailed)
        {
            Assert.True(exitCode != 0, output);
            Assert.Contains("error CF1003: This publish needs the Functions host extensions Microsoft.Azure.WebJobs.Extensions.CosmosDB 4.11.0", output, StringComparison.Ordinal);
            Assert.Contains("NU1101", output, StringComparison.Ordinal);
            Assert.Contains("--configfile", output, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(publishDirectory.FullName, "extensions.json")), "a failed publish left an extension list behind");
        }
        else
        {
            Assert.True(exitCode == 0, output);
            Assert.True(ListsCosmosDbExtension(Path.Combine(publishDirectory.FullName, "extensions.json")));
        }
    }

    [Fact]
    public async Task publishing_a_development_build_fails_too()
    {
        // A Debug build may ship the empty list with a warning; publishing it (here through the target, which
        // `dotnet publish` does not mark as a publish) must not.
        var (exitCode, output) = await Publish();

        if (DotnetCommand.ExtensionRestoreFailed)
        {
            Assert.True(exitCode != 0, output);
            Assert.Contains("error CF1003: This publish needs", output, StringComparison.Ordinal);
        }
        else
        {
            Assert.True(exitCode == 0, output);
        }
    }

    [Fact]
    public async Task FunctionsExtensionsRequired_false_publishes_the_development_output_with_CF1001()
    {
        var (exitCode, output) = await Publish("-p:FunctionsExtensionsRequired=false");

        Assert.True(exitCode == 0, output);
        Assert.True(File.Exists(Path.Combine(publishDirectory.FullName, "functions.metadata")));
        Assert.Equal(!DotnetCommand.ExtensionRestoreFailed, ListsCosmosDbExtension(Path.Combine(publishDirectory.FullName, "extensions.json")));
        Assert.Equal(DotnetCommand.ExtensionRestoreFailed, output.Contains("warning CF1001", StringComparison.Ordinal));
    }

    // The test run's Debug build, published without rebuilding what it references.
    private Task<(int ExitCode, string Output)> Publish(params string[] properties) =>
        DotnetCommand.RunAsync(
        [
            "msbuild", FunctionsProject.ProjectFile, "-t:Publish", "-nologo", $"-p:Configuration={FunctionsProject.Configuration}",
            "-p:BuildProjectReferences=false", $"-p:PublishDir={publishDirectory.FullName}/", .. properties,
        ]);

    private static bool ListsCosmosDbExtension(string extensionsJson) =>
        JsonNode.Parse(File.ReadAllText(extensionsJson))!["extensions"]!.AsArray()
            .Any(extension => ((string?)extension!["typeName"])?.Contains("Microsoft.Azure.WebJobs.Extensions.CosmosDB", StringComparison.Ordinal) == true);
}

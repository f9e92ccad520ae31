namespace ChangeFeed.Functions.Tests;

/// <summary>
/// The inner restore of the generated WorkerExtensions project runs in its own process; it must search the sources and
/// read the NuGet configuration of the build that started it (RestoreSources, RestoreConfigFile: what -p: or the CLI's
/// --source / --configfile set), so a private feed configured that way serves the extension. Each run restores a copy of
/// the generated project into a scratch folder from an empty local feed: NuGet's NU1101 names the source it searched.
/// </summary>
[Collection(FunctionsProject.BuildOutput)]
public sealed class the_extension_restore_uses_the_builds_package_sources : IDisposable
{
    private readonly DirectoryInfo scratch = Directory.CreateTempSubdirectory("changefeed-extension-restore-");

    public void Dispose() => scratch.Delete(recursive: true);

    [Fact]
    public async Task a_nuget_config_given_as_RestoreConfigFile_is_the_one_the_restore_reads()
    {
        var feed = scratch.CreateSubdirectory("private-feed").FullName;
        await File.WriteAllTextAsync(Path.Combine(scratch.FullName, "private.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="changefeed-private-feed" value="{feed}" />
              </packageSources>
            </configuration>
            """);

        // Relative to the directory the build starts in, as NuGet reads it.
        var errors = await RestoreErrors(workingDirectory: scratch.FullName, "-p:RestoreConfigFile=private.config");

        Assert.Contains("NU1101", errors, StringComparison.Ordinal);
        Assert.Contains("Microsoft.Azure.WebJobs.Extensions.CosmosDB", errors, StringComparison.Ordinal);
        Assert.EndsWith("source(s): changefeed-private-feed", errors.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RestoreSources_are_the_sources_the_restore_searches()
    {
        var feed = scratch.CreateSubdirectory("other-feed").FullName;

        var errors = await RestoreErrors(workingDirectory: null, $"-p:RestoreSources={feed}");

        Assert.Contains("NU1101", errors, StringComparison.Ordinal);
        Assert.EndsWith($"source(s): {feed}", errors.Trim(), StringComparison.Ordinal);
    }

    /// <summary>Runs only the restore target, on a copy of the generated project, with a scratch intermediate folder.</summary>
    private async Task<string> RestoreErrors(string? workingDirectory, params string[] properties)
    {
        var project = Path.Combine(scratch.CreateSubdirectory("WorkerExtensions").FullName, "WorkerExtensions.csproj");
        File.Copy(FunctionsProject.IntermediateFile("WorkerExtensions", "WorkerExtensions.csproj"), project);

        var (exitCode, output) = await DotnetCommand.RunAsync(
            [
                "msbuild", FunctionsProject.ProjectFile, "-nologo", "-t:_WorkerExtensionsRestore", $"-p:Configuration={FunctionsProject.Configuration}",
                $"-p:ExtensionsCsProj={project}", $"-p:IntermediateOutputPath={scratch.FullName}/obj/", .. properties,
                "-getProperty:_CfExtensionsRestoreErrors",
            ],
            workingDirectory);

        Assert.True(exitCode == 0, output);
        return output;
    }
}

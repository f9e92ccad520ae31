using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace ChangeFeed.Functions.Tests;

/// <summary>build/FunctionsExtensionsOffline.targets, seen through the real build of the Functions project.</summary>
[Collection(FunctionsProject.BuildOutput)]
public sealed class the_offline_build_warns_once_and_stays_deployable_where_the_feed_serves_the_extension
{
    [Fact]
    public void the_generated_worker_extensions_project_names_the_cosmos_db_host_extension_at_the_pinned_version()
    {
        var project = XDocument.Load(FunctionsProject.IntermediateFile("WorkerExtensions", "WorkerExtensions.csproj"));

        var cosmos = Assert.Single(project.Descendants("PackageReference"), reference => (string?)reference.Attribute("Include") == "Microsoft.Azure.WebJobs.Extensions.CosmosDB");
        Assert.Equal("4.11.0", (string?)cosmos.Attribute("Version"));
    }

    [Fact]
    public void the_extension_list_matches_whether_the_host_extension_could_be_restored()
    {
        var extensions = JsonNode.Parse(File.ReadAllText(FunctionsProject.OutputFile("extensions.json")))!["extensions"]!.AsArray();
        var cosmosListed = extensions.Any(extension => ((string?)extension!["typeName"])?.Contains("Microsoft.Azure.WebJobs.Extensions.CosmosDB", StringComparison.Ordinal) == true);

        // Offline, the restore errors are remembered next to an empty extension list; online, the SDK's own output is used.
        Assert.Equal(!DotnetCommand.ExtensionRestoreFailed, cosmosListed);
    }

    [Fact]
    public async Task building_the_function_app_prints_the_CF1001_warning_exactly_once_when_the_extension_cannot_be_restored()
    {
        // An incremental build of the real project (references not rebuilt), with warnings as errors as in CI.
        // The file log has no summary, which would repeat every warning.
        var log = Path.Combine(Path.GetTempPath(), $"changefeed-functions-build-{Guid.NewGuid():N}.log");
        var (exitCode, console) = await Dotnet(
            "build", FunctionsProject.ProjectFile, "--no-restore", "-c", FunctionsProject.Configuration,
            "-p:BuildProjectReferences=false", "-nologo", "-p:TreatWarningsAsErrors=true", $"-flp:LogFile={log};Verbosity=minimal;NoSummary");
        var output = File.Exists(log) ? await File.ReadAllTextAsync(log) : string.Empty;
        File.Delete(log);

        Assert.True(exitCode == 0, console);
        var warnings = Regex.Count(output, @"warning CF1001\b");
        var offline = DotnetCommand.ExtensionRestoreFailed;
        Assert.True(offline ? warnings == 1 : warnings == 0, output);
        if (offline)
        {
            Assert.Contains("Microsoft.Azure.WebJobs.Extensions.CosmosDB", output, StringComparison.Ordinal);
            Assert.Contains("cannot run in a Functions host", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task another_worker_sdk_version_stops_the_build_with_CF1002()
    {
        var (exitCode, output) = await Dotnet(
            "msbuild", FunctionsProject.ProjectFile, "-t:_CfCheckWorkerSdkVersion", "-p:_CfWorkerSdkVersionWrittenFor=0.0.0", "-nologo");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("error CF1002", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UseOfficialCosmosDBExtension_swaps_the_local_attribute_for_the_official_package()
    {
        var local = await Items();
        var official = await Items("-p:UseOfficialCosmosDBExtension=true");

        Assert.Contains(local.Compile, path => path.EndsWith("CosmosDBTriggerAttribute.cs", StringComparison.Ordinal));
        Assert.DoesNotContain("Microsoft.Azure.Functions.Worker.Extensions.CosmosDB", local.Packages);
        Assert.DoesNotContain(official.Compile, path => path.EndsWith("CosmosDBTriggerAttribute.cs", StringComparison.Ordinal));
        Assert.Contains("Microsoft.Azure.Functions.Worker.Extensions.CosmosDB", official.Packages);

        // Evaluation only (no restore): the official package is not served on the build machines.
        static async Task<(string[] Compile, string[] Packages)> Items(params string[] properties)
        {
            var (exitCode, output) = await Dotnet(["msbuild", FunctionsProject.ProjectFile, "-getItem:Compile", "-getItem:PackageReference", .. properties]);
            Assert.True(exitCode == 0, output);
            var items = JsonNode.Parse(output)!["Items"]!;
            string[] Identities(string type) => items[type]!.AsArray().Select(item => (string)item!["Identity"]!).ToArray();
            return (Identities("Compile"), Identities("PackageReference"));
        }
    }

    private static Task<(int ExitCode, string Output)> Dotnet(params string[] arguments) => DotnetCommand.RunAsync(arguments);
}

namespace ChangeFeed.Docs.Tests;

/// <summary>The command check itself, on made-up pages over a made-up repository.</summary>
public class command_check_reports_what_to_fix
{
    private static readonly HashSet<string> Files = new(StringComparer.Ordinal)
    {
        "ChangeFeed.sln", "src/ChangeFeed.Host/ChangeFeed.Host.csproj", "tests/ChangeFeed.Core.Tests/ChangeFeed.Core.Tests.csproj",
        "infra/local/setup.cs", "infra/local/docker-compose.yml", "local.settings.sample.json", "infra/hooks/postprovision.sh",
    };

    private static readonly HashSet<string> Folders = new(StringComparer.Ordinal)
    {
        "src", "src/ChangeFeed.Host", "src/ChangeFeed.Functions", "tests", "tests/ChangeFeed.Core.Tests", "infra", "infra/local", "infra/hooks",
    };

    /// <summary>Help texts as System.CommandLine writes them, for a made-up program in src/ChangeFeed.Host.</summary>
    private static string? Help(string project, IReadOnlyList<string> path) => (project, string.Join(' ', path)) switch
    {
        ("src/ChangeFeed.Host", "") => "Usage:\n  host [command] [options]\n\nOptions:\n  -?, -h, --help     Show help\n  --settings <FILE>  A file\n\nCommands:\n  run     Runs.\n  parked  Parked changes.\n",
        ("src/ChangeFeed.Host", "parked") => "Commands:\n  list <route>    Lists.\n  replay <route>  Replays.\n\nOptions:\n  --settings <FILE>  A file\n",
        ("src/ChangeFeed.Host", _) => "Arguments:\n  <route>  The route.\n",
        _ => null,
    };

    private static List<string> Problems(string script, string language = "sh")
    {
        var check = new CommandCheck(Files.Contains, Folders.Contains, new HashSet<string>(StringComparer.Ordinal) { "local.settings.json" }, Help);
        return check.Problems(MarkdownPage.Parse("docs/page.md", $"Intro.\n\n```{language}\n{script}\n```\n")).ToList();
    }

    [Fact]
    public void Commands_on_what_exists_pass()
    {
        Assert.Empty(Problems("""
            dotnet test
            dotnet test tests/ChangeFeed.Core.Tests --filter "FullyQualifiedName~Router"   # one project
            dotnet run --project src/ChangeFeed.Host -- parked list orders --settings local.settings.sample.json
            dotnet run --project src/ChangeFeed.Host -- parked list orders --settings src/ChangeFeed.Functions/local.settings.json
            dotnet run infra/local/setup.cs
            docker compose -f infra/local/docker-compose.yml up -d 2>&1
            cp local.settings.sample.json src/ChangeFeed.Functions/copy.json && cat src/ChangeFeed.Functions/copy.json
            curl -k https://localhost:8081/_explorer/emulator.pem > emulator.crt
            sudo cp emulator.crt /usr/local/share/ca-certificates/ && sudo update-ca-certificates
            cd infra && bash hooks/postprovision.sh
            export COSMOS="AccountEndpoint=https://localhost:8081/;AccountKey=key;" X=1
            bicep snapshot tests/$n.bicepparam --mode overwrite \
              --location swedencentral
            azd env set AZURE_ALERT_EMAIL you@example.com
            """));
    }

    [Fact]
    public void A_missing_project_is_named_with_its_line()
    {
        var problem = Assert.Single(Problems("dotnet build\ndotnet run --project src/ChangeFeed.Hots"));
        Assert.Equal("docs/page.md:5: `dotnet run --project src/ChangeFeed.Hots`: 'src/ChangeFeed.Hots' is not a project: expected a folder holding a .csproj or .sln, or such a file.", problem);
    }

    [Fact]
    public void Missing_files_and_folders_are_reported_relative_to_the_folder_cd_moved_to()
    {
        var problems = Problems("""
            dotnet run infra/local/setup2.cs
            docker compose -f infra/docker-compose.yml up -d
            cp local.settings.json src/ChangeFeed.Functions/
            cd src/ChangeFeed.Function && func start
            cd src/ChangeFeed.Host && cat ../../docs/missing.md
            """);
        Assert.Equal([
            "docs/page.md:4: `dotnet run infra/local/setup2.cs`: the file 'infra/local/setup2.cs' does not exist.",
            "docs/page.md:5: `docker compose -f infra/docker-compose.yml up -d`: the file 'infra/docker-compose.yml' does not exist.",
            "docs/page.md:7: `cd src/ChangeFeed.Function`: the folder 'src/ChangeFeed.Function' does not exist.",
            "docs/page.md:8: `cat ../../docs/missing.md`: 'docs/missing.md' does not exist (after `cd src/ChangeFeed.Host`).",
        ], problems);
    }

    [Fact]
    public void Commands_of_a_known_program_are_the_ones_its_help_lists()
    {
        Assert.Empty(Problems(
            "dotnet run --project src/ChangeFeed.Host -- parked replay orders --settings local.settings.sample.json\n"
            + "dotnet run --project src/ChangeFeed.Host -- --settings local.settings.sample.json run\n"
            + "dotnet run --project src/ChangeFeed.Host"));
        var problem = Assert.Single(Problems("dotnet run --project src/ChangeFeed.Host -- --settings local.settings.sample.json parked lst orders"));
        Assert.Equal("docs/page.md:4: `dotnet run --project src/ChangeFeed.Host -- --settings local.settings.sample.json parked lst orders`: "
            + "'lst' is not a command of `dotnet run --project src/ChangeFeed.Host -- parked`: it has list, replay.", problem);
    }

    [Fact]
    public void The_processor_hosts_help_lists_its_commands()
    {
        var help = ProgramHelp.Of("src/ChangeFeed.Host", []);
        Assert.NotNull(help);
        Assert.Equal(["run", "check", "parked", "backfill", "contract"], ProgramHelp.Subcommands(help));
        Assert.Contains("--settings", ProgramHelp.OptionsWithValue(help));
        Assert.Equal(["list", "replay"], ProgramHelp.Subcommands(ProgramHelp.Of("src/ChangeFeed.Host", ["parked"])!));
        Assert.Null(ProgramHelp.Of("src/ChangeFeed.Subscriber", []));
    }

    [Fact]
    public void Only_shell_blocks_are_commands()
    {
        Assert.Empty(Problems("dotnet run --project src/Nothing", "text"));
        Assert.Empty(Problems("dotnet run --project src/Nothing", "csharp"));
        Assert.Single(Problems("dotnet run --project src/Nothing", "bash"));
    }
}

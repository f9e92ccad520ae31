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

    private static List<string> Problems(string script, string language = "sh")
    {
        var check = new CommandCheck(Files.Contains, Folders.Contains, new HashSet<string>(StringComparer.Ordinal) { "local.settings.json" });
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
    public void Only_shell_blocks_are_commands()
    {
        Assert.Empty(Problems("dotnet run --project src/Nothing", "text"));
        Assert.Empty(Problems("dotnet run --project src/Nothing", "csharp"));
        Assert.Single(Problems("dotnet run --project src/Nothing", "bash"));
    }
}

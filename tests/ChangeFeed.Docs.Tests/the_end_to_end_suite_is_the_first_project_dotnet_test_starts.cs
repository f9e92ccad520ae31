using System.Text.RegularExpressions;

namespace ChangeFeed.Docs.Tests;

/// <summary>
/// `dotnet test` runs the solution's test projects a few at a time in the order ChangeFeed.sln lists them. The end-to-end
/// suite takes most of the run, so it is listed first and starts at once, the other projects beside it; started last,
/// it adds about 45 seconds to a run of the built solution, `dotnet test --no-build` (docs/testing.md, "Run them").
/// </summary>
public partial class the_end_to_end_suite_is_the_first_project_dotnet_test_starts
{
    private const string Suite = "ChangeFeed.EndToEnd.Tests";

    [Fact]
    public void ChangeFeed_sln_lists_the_end_to_end_suite_before_every_other_project()
    {
        var projects = ProjectsOf(Repo.Read("ChangeFeed.sln"));

        Assert.Contains(Suite, projects);
        Assert.True(projects[0] == Suite,
            $"ChangeFeed.sln lists {projects[0]} first; move the Project(...) = \"{Suite}\" entry (and its EndProject line) above every other " +
            "project so that dotnet test starts the longest suite first (docs/testing.md, \"Run them\").");
    }

    [Fact]
    public void Solution_folders_do_not_count_as_projects()
    {
        const string solution = """
            Project("{2150E333-8FDC-42A3-9474-1A3956D46DE8}") = "tests", "tests", "{0AB3BF05-4346-4AA6-1389-037BE0695223}"
            EndProject
            Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "ChangeFeed.Core", "src\ChangeFeed.Core\ChangeFeed.Core.csproj", "{CF44AF2F-D8DE-437E-B3A1-FF4330000000}"
            EndProject
            Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "ChangeFeed.EndToEnd.Tests", "tests\ChangeFeed.EndToEnd.Tests\ChangeFeed.EndToEnd.Tests.csproj", "{033FAD6D-3F7E-4666-B7D2-7A0C3BAD2A84}"
            EndProject
            """;

        Assert.Equal(["ChangeFeed.Core", Suite], ProjectsOf(solution));
    }

    /// <summary>The names of the projects (not solution folders) in the order the solution lists them.</summary>
    private static List<string> ProjectsOf(string solution) =>
        ProjectLine().Matches(solution).Select(match => match.Groups["name"].Value).ToList();

    [GeneratedRegex("""^Project\("\{[0-9A-F-]+\}"\) = "(?<name>[^"]+)", "[^"]+\.csproj",""", RegexOptions.Multiline)]
    private static partial Regex ProjectLine();
}

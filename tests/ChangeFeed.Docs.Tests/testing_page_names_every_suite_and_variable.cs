using System.Text.RegularExpressions;

namespace ChangeFeed.Docs.Tests;

/// <summary>docs/testing.md names every test project and every environment variable the tests read.</summary>
public partial class testing_page_names_every_suite_and_variable
{
    private const string Page = "docs/testing.md";

    /// <summary>The machine's and the dotnet CLI's own variables, which tests pass on to processes they start.</summary>
    private static readonly HashSet<string> MachineVariables = new(StringComparer.Ordinal) { "PATH", "HOME", "TMPDIR", "USER", "DOTNET_ROOT", "DOTNET_HOST_PATH" };

    private static IEnumerable<string> TestSources() =>
        Directory.EnumerateFiles(Repo.Path("tests"), "*.cs", SearchOption.AllDirectories)
            .Where(file => !Repo.Relative(file).Split('/').Any(part => part is "bin" or "obj"));

    /// <summary>Names passed to GetEnvironmentVariable, and string constants whose name says they are a variable's.</summary>
    public static IReadOnlyDictionary<string, string> VariablesTheTestsRead()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in TestSources())
        {
            var text = File.ReadAllText(file);
            foreach (Match match in Read().Matches(text).Concat(VariableConstant().Matches(text)))
            {
                if (!MachineVariables.Contains(match.Groups["name"].Value))
                    variables.TryAdd(match.Groups["name"].Value, Repo.Relative(file));
            }
        }

        return variables;
    }

    [Fact]
    public void Every_test_project_is_described()
    {
        var page = Repo.Read(Page);
        var missing = Directory.EnumerateFiles(Repo.Path("tests"), "*.Tests.csproj", SearchOption.AllDirectories)
            .Select(Path.GetFileNameWithoutExtension)
            .Where(project => !page.Contains($"`{project}`", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(missing.Count == 0,
            $"{Page} does not describe these test projects; add each, in a code span, to the table of \"The suites\" with what it proves: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_environment_variable_the_tests_read_is_described()
    {
        var page = Repo.Read(Page);
        var missing = VariablesTheTestsRead().Where(variable => !page.Contains($"`{variable.Key}`", StringComparison.Ordinal)).OrderBy(v => v.Key, StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, string.Join(Environment.NewLine, [
            $"{Page} does not describe these environment variables the tests read; add each, in a code span, with what it changes "
            + "(a target, a size, a log) and its default:",
            .. missing.Select(variable => $"  `{variable.Key}`  (read in {variable.Value})")]));
    }

    [Fact]
    public void The_variables_found_include_the_end_to_end_targets()
    {
        var variables = VariablesTheTestsRead();
        Assert.Contains("CHANGEFEED_E2E_COSMOS", variables.Keys);
        Assert.Contains("CHANGEFEED_E2E_SERVICEBUS", variables.Keys);
        Assert.DoesNotContain("PATH", variables.Keys);
    }

    [GeneratedRegex("""GetEnvironmentVariable\(\s*"(?<name>[A-Za-z_][A-Za-z0-9_]*)"\s*\)""")]
    private static partial Regex Read();

    [GeneratedRegex("""const\s+string\s+\w*Variable\w*\s*=\s*"(?<name>[A-Za-z_][A-Za-z0-9_]*)"\s*;""")]
    private static partial Regex VariableConstant();
}

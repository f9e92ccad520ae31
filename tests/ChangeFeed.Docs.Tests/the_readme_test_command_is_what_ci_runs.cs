namespace ChangeFeed.Docs.Tests;

/// <summary>
/// The README shows `dotnet test` as a command of its own in a shell block, and .ci/run runs exactly that command:
/// CI runs "the README's test command", so the two cannot drift apart.
/// </summary>
public class the_readme_test_command_is_what_ci_runs
{
    [Fact]
    public void The_readme_shows_dotnet_test_in_a_shell_block()
    {
        Assert.True(FrontPage.ShowsTestCommand(MarkdownPage.Read(FrontPage.Path)),
            $"{FrontPage.Path} must show the test command as a line of its own in a ```sh block: dotnet test (what .ci/run runs).");
    }

    [Fact]
    public void Ci_runs_the_readme_test_command_unchanged()
    {
        Assert.True(FrontPage.RunsTestCommand(Repo.Read(".ci/run")),
            ".ci/run must run the README's test command unchanged: dotnet test (its output may be piped).");
    }

    [Fact]
    public void Only_the_command_itself_in_a_shell_block_counts()
    {
        Assert.True(FrontPage.ShowsTestCommand(MarkdownPage.Parse("README.md", "```sh\ndotnet test   # everything\n```\n")));
        Assert.True(FrontPage.RunsTestCommand("set -e\ndotnet test 2>&1 | tee \"$log\"\n"));

        Assert.False(FrontPage.ShowsTestCommand(MarkdownPage.Parse("README.md", "```text\ndotnet test\n```\n")));
        Assert.False(FrontPage.ShowsTestCommand(MarkdownPage.Parse("README.md", "```sh\ndotnet test tests/ChangeFeed.Core.Tests\n```\n")));
        Assert.False(FrontPage.ShowsTestCommand(MarkdownPage.Parse("README.md", "Run `dotnet test`.\n")));
        Assert.False(FrontPage.RunsTestCommand("dotnet test --filter Category=Fast\n"));
    }
}

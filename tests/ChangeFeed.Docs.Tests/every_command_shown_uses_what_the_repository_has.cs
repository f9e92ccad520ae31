namespace ChangeFeed.Docs.Tests;

/// <summary>Every command in a shell code block of any page uses projects, files and folders the repository has.</summary>
public class every_command_shown_uses_what_the_repository_has
{
    public static TheoryData<string> Pages() => [.. Repo.MarkdownPages()];

    [Theory]
    [MemberData(nameof(Pages))]
    public void Commands_of(string page)
    {
        var problems = CommandCheck.OnDisk().Problems(MarkdownPage.Read(page)).ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, [
            "Commands that use what the repository does not have. Shell blocks (```sh) run from the repository root; fix the "
            + "path, or show text that is not a command to run in a ```text block (docs/README.md, \"How to keep the docs honest\"):",
            .. problems]));
    }
}

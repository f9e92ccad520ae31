using System.Diagnostics;
using ChangeFeed.CommandLine;
using ChangeFeed.Tests.Programs;

namespace ChangeFeed.CommandLine.Tests;

/// <summary>The programs as built: <c>--help</c> and <c>--version</c> answer at every level and start nothing; a wrong command line is exit code 2.</summary>
public sealed class every_program_answers_help_version_and_a_wrong_command_line(ITestOutputHelper output)
{
    private const string Host = "ChangeFeed.Host";
    private const string Subscriber = "ChangeFeed.Subscriber";

    [Theory]
    [InlineData(Host, new[] { "--help" }, "ChangeFeed.Host [command] [options]")]
    [InlineData(Host, new[] { "run", "--help" }, "ChangeFeed.Host run [options]")]
    [InlineData(Host, new[] { "check", "-h" }, "ChangeFeed.Host check [options]")]
    [InlineData(Host, new[] { "parked", "--help" }, "ChangeFeed.Host parked [command] [options]")]
    [InlineData(Host, new[] { "parked", "replay", "--help" }, "ChangeFeed.Host parked replay <route> [options]")]
    [InlineData(Subscriber, new[] { "--help" }, "ChangeFeed.Subscriber [options]")]
    public async Task help_describes_the_command_and_its_exit_codes_and_starts_nothing(string program, string[] args, string usage)
    {
        var run = await BuiltProgram.RunAsync(program, args);
        output.WriteLine(run.ToString());

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains(usage, run.Output, StringComparison.Ordinal);
        Assert.Contains("--version", run.Output, StringComparison.Ordinal);
        Assert.Empty(run.Error);
        if (args.Length == 1)
            Assert.Contains(ExitCodes.Description, run.Output.ReplaceLineEndings(" "), StringComparison.Ordinal);
        if (program == Host)
            Assert.Contains("--settings <FILE>", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Host, new[] { "--version" })]
    [InlineData(Host, new[] { "check", "--version" })]
    [InlineData(Host, new[] { "parked", "list", "--version" })]
    [InlineData(Subscriber, new[] { "--version" })]
    public async Task version_is_the_program_s_product_version_at_every_level(string program, string[] args)
    {
        var run = await BuiltProgram.RunAsync(program, args);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(FileVersionInfo.GetVersionInfo(BuiltProgram.PathOf(program)).ProductVersion, run.Output.Trim());
    }

    [Theory]
    [InlineData(Host, new[] { "chek" }, "Unrecognized command or argument 'chek'", "ChangeFeed.Host --help")]
    [InlineData(Host, new[] { "parked", "list" }, "Required argument missing for command: 'list'", "ChangeFeed.Host parked list --help")]
    [InlineData(Host, new[] { "check", "--setings", "x.json" }, "Unrecognized command or argument '--setings'", "ChangeFeed.Host check --help")]
    [InlineData(Subscriber, new[] { "--topic", "orders" }, "Unrecognized command or argument '--topic'", "ChangeFeed.Subscriber --help")]
    public async Task a_wrong_command_line_is_named_on_standard_error_with_exit_code_2(string program, string[] args, string message, string hint)
    {
        var run = await BuiltProgram.RunAsync(program, args);
        output.WriteLine(run.ToString());

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Contains($"See: {hint}", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }
}

using System.Text.Json;
using ChangeFeed.CommandLine;
using ChangeFeed.Tests.Programs;

namespace ChangeFeed.CommandLine.Tests;

/// <summary>
/// What scripts and habits get from the processor host as built: <c>check --output json</c> in its documented shape
/// (docs/processor-host.md, Output) with nothing else on standard output; "did you mean" for a misspelt command,
/// option or route; an Examples section in each command's help.
/// </summary>
public sealed class scripts_get_json_suggestions_and_examples(ITestOutputHelper output)
{
    /// <summary>Complete settings for the host; nothing listens where they point.</summary>
    private static Dictionary<string, string?> NothingStarted()
    {
        var port = FirstSteps.FreePort();
        return FirstSteps.NothingStarted(port, port);
    }

    [Fact]
    public async Task check_output_json_is_one_document_of_the_documented_shape()
    {
        var run = await BuiltProgram.RunAsync("ChangeFeed.Host", ["check", "--output", "json"], NothingStarted());
        output.WriteLine(run.ToString());

        Assert.Equal(ExitCodes.Failed, run.ExitCode);
        using var document = JsonDocument.Parse(run.Output);
        var root = document.RootElement;
        Assert.Equal(["allPassed", "passed", "failed", "skipped", "checks"], root.EnumerateObject().Select(property => property.Name));
        Assert.False(root.GetProperty("allPassed").GetBoolean());
        var checks = root.GetProperty("checks").EnumerateArray().ToList();
        Assert.Equal(checks.Count, root.GetProperty("passed").GetInt32() + root.GetProperty("failed").GetInt32() + root.GetProperty("skipped").GetInt32());
        Assert.All(checks, check =>
        {
            Assert.Equal(["section", "outcome", "subject", "fix"], check.EnumerateObject().Select(property => property.Name));
            Assert.Contains(check.GetProperty("outcome").GetString(), new[] { "passed", "failed", "skipped" });
            Assert.Equal(check.GetProperty("outcome").GetString() == "failed", check.GetProperty("fix").ValueKind == JsonValueKind.String);
        });
        var cosmos = checks.First();
        Assert.Equal("Cosmos DB", cosmos.GetProperty("section").GetString());
        Assert.Equal("failed", cosmos.GetProperty("outcome").GetString());
        Assert.Contains("connection refused", cosmos.GetProperty("subject").GetString(), StringComparison.Ordinal);
        Assert.Contains(ServiceEndpoint.StartEmulators, cosmos.GetProperty("fix").GetString(), StringComparison.Ordinal);
        Assert.Contains(checks, check => check.GetProperty("section").GetString()!.StartsWith("Route orders", StringComparison.Ordinal)
            && check.GetProperty("outcome").GetString() == "skipped");
    }

    [Theory]
    [InlineData(new[] { "chek" }, "Unrecognized command or argument 'chek'. Did you mean 'check'?")]
    [InlineData(new[] { "check", "--setings", "local.settings.json" }, "Unrecognized command or argument '--setings'. Did you mean '--settings'?")]
    [InlineData(new[] { "parked", "lst", "orders" }, "Did you mean 'list'?")]
    public async Task a_misspelt_command_or_option_is_answered_with_the_nearest_one(string[] args, string expected)
    {
        var run = await BuiltProgram.RunAsync("ChangeFeed.Host", args);
        output.WriteLine(run.ToString());

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_misspelt_route_is_answered_with_the_nearest_configured_one()
    {
        var run = await BuiltProgram.RunAsync("ChangeFeed.Host", ["parked", "list", "ordrs"], NothingStarted());
        output.WriteLine(run.ToString());

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.EndsWith("Did you mean 'orders'?", run.Error.TrimEnd(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("check", "check --settings local.settings.sample.json")]
    [InlineData("parked list", "parked list orders --output json")]
    [InlineData("parked replay", "parked replay orders")]
    [InlineData("backfill", "backfill orders --subscription billing --dry-run")]
    [InlineData("run", "run --settings local.settings.sample.json")]
    public async Task each_command_help_ends_with_examples(string command, string example)
    {
        var run = await BuiltProgram.RunAsync("ChangeFeed.Host", [.. command.Split(' '), "--help"]);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("Examples:", run.Output, StringComparison.Ordinal);
        Assert.Contains(example, run.Output, StringComparison.Ordinal);
    }
}

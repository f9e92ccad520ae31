using ChangeFeed.CommandLine;
using ChangeFeed.Host.Commands;
using Microsoft.Extensions.Configuration;

namespace ChangeFeed.Host.Tests;

/// <summary>
/// A wrong backfill command line is named on standard error with exit code 2 before anything is contacted: two starts,
/// a time that is not one, a name Service Bus would refuse, a route that is not configured.
/// </summary>
public sealed class backfill_command_line_is_refused_with_what_is_wrong
{
    [Theory]
    [InlineData("--from-beginning and --from cannot be used together", "backfill", "orders", "--subscription", "billing", "--from-beginning", "--from", "2026-11-01T00:00:00Z")]
    [InlineData("--from 'yesterday' is not a time", "backfill", "orders", "--subscription", "billing", "--from", "yesterday")]
    [InlineData("--subscription 'bill ing' is not a Service Bus subscription name", "backfill", "orders", "--subscription", "bill ing")]
    [InlineData("--subscription", "backfill", "orders")]
    [InlineData("--page-size '0' is not a whole number from 1 to 10000: e.g. --page-size 100.", "backfill", "orders", "--subscription", "billing", "--page-size", "0")]
    [InlineData("--page-size 'abc' is not a whole number from 1 to 10000", "backfill", "orders", "--subscription", "billing", "--page-size", "abc")]
    [InlineData("--ru-per-second '-5' is not a positive number: e.g. --ru-per-second 500.", "backfill", "orders", "--subscription", "billing", "--ru-per-second", "-5")]
    [InlineData("--pages-per-second 'fast' is not a positive number", "backfill", "orders", "--subscription", "billing", "--pages-per-second", "fast")]
    public async Task a_wrong_command_line_exits_2_naming_the_problem(string problem, params string[] args)
    {
        var (exitCode, output, error) = await RunAsync(args);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains(problem, error, StringComparison.Ordinal);
        Assert.Contains("backfill --help", error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Fact]
    public async Task a_route_that_is_not_configured_exits_2_listing_the_configured_ones()
    {
        var (exitCode, output, error) = await RunAsync("backfill", "invoices", "--subscription", "billing");

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains("No route named 'invoices'", error, StringComparison.Ordinal);
        Assert.Contains("configured: orders", error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Fact]
    public async Task help_names_every_option_and_the_exit_codes()
    {
        var (exitCode, output, _) = await RunAsync("backfill", "--help");

        Assert.Equal(ExitCodes.Ok, exitCode);
        foreach (var option in new[] { "--subscription", "--from-beginning", "--from", "--page-size", "--pages-per-second", "--ru-per-second", "--dry-run", "--restart", "--settings" })
            Assert.Contains(option, output, StringComparison.Ordinal);
        var (_, root, _) = await RunAsync("--help");
        Assert.Contains("backfill", root, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await HostCommandLine.RunAsync(args, CommandConsole.Redirected(output, error), builder => builder.Configuration.AddInMemoryCollection(UnreachableServices.Settings()), CancellationToken.None);
        return (exitCode, output.ToString(), error.ToString());
    }
}

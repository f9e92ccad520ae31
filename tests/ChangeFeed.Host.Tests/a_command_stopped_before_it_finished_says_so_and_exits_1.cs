using ChangeFeed.CommandLine;
using ChangeFeed.Host.Commands;
using Microsoft.Extensions.Configuration;

namespace ChangeFeed.Host.Tests;

/// <summary>Ctrl+C or SIGTERM during a command (here: before it started) is not a crash: one line, exit code 1.</summary>
public sealed class a_command_stopped_before_it_finished_says_so_and_exits_1
{
    [Theory]
    [InlineData("check")]
    [InlineData("parked", "list", "orders")]
    [InlineData("backfill", "orders", "--subscription", "billing")]
    public async Task the_command_stops_without_a_stack_trace(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource();
        await stop.CancelAsync();

        var exitCode = await HostCommandLine.RunAsync(args, CommandConsole.Redirected(output, error), builder => builder.Configuration.AddInMemoryCollection(UnreachableServices.Settings()), stop.Token);

        Assert.Equal(ExitCodes.Failed, exitCode);
        Assert.Equal("Stopped before it finished.", error.ToString().Trim());
        Assert.Empty(output.ToString());
    }
}

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
    public async Task the_command_stops_without_a_stack_trace(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource();
        await stop.CancelAsync();

        var exitCode = await HostCommandLine.RunAsync(args, CommandConsole.Redirected(output, error), builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["COSMOS"] = "AccountEndpoint=https://127.0.0.1:1/;AccountKey=C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==;",
            ["SERVICEBUS"] = "Endpoint=sb://127.0.0.1:1;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;",
            ["COSMOS_DATABASE"] = "changefeed",
            ["COSMOS_LEASES_CONTAINER"] = "leases",
            ["ChangeFeed:Account"] = "contoso",
            ["ChangeFeed:Routes:orders:Database"] = "changefeed",
            ["ChangeFeed:Routes:orders:Container"] = "orders",
            ["ChangeFeed:Routes:orders:Topic"] = "orders-cdc",
            ["ChangeFeed:Routes:orders:PartitionKeyPath"] = "/customerId",
            ["ChangeFeed:Routes:orders:EventType"] = "com.contoso.orders.order",
        }), stop.Token);

        Assert.Equal(ExitCodes.Failed, exitCode);
        Assert.Equal("Stopped before it finished.", error.ToString().Trim());
        Assert.Empty(output.ToString());
    }
}

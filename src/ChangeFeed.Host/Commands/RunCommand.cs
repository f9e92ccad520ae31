using System.CommandLine;
using Azure;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using ChangeFeed.CommandLine;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Hosting;

namespace ChangeFeed.Host.Commands;

/// <summary>
/// <c>run</c>: one change feed processor per route until the process is stopped (Ctrl+C, SIGTERM), which stops them
/// gracefully. It is also what runs when no command is given, so a deployment that starts the host without arguments
/// keeps working.
/// </summary>
public static class RunCommand
{
    public const string Name = "run";

    public static Command Create(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = new Command(Name, "Runs one change feed processor per route until stopped (Ctrl+C, SIGTERM); what runs when no command is given.");
        command.SetAction((parse, cancellationToken) => RunAsync(context, parse, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, ParseResult parse, CancellationToken cancellationToken)
    {
        using var host = context.BuildHost(parse, builder => builder.AddChangeFeedProcessorHost(), logsToStandardError: false);
        if (host is null)
            return ExitCodes.Configuration;

        try
        {
            await host.RunAsync(cancellationToken);
            return ExitCodes.Ok;
        }
        catch (Exception exception) when (exception is CosmosException or ServiceBusException or RequestFailedException or AuthenticationFailedException or UnauthorizedAccessException)
        {
            // A service refused what the processors need at start (a missing lease container, a role not granted):
            // not a crash, and 'check' names every such problem at once.
            await context.Console.Error.WriteLineAsync($"{CommandContext.Program} stopped: {ServiceFailure.Describe(exception)}.");
            await context.Console.Error.WriteLineAsync("Run the 'check' command with the same settings to see everything the relay cannot reach, and what to do.");
            return ExitCodes.Failed;
        }
    }
}

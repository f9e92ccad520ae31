using System.CommandLine;
using ChangeFeed.CommandLine;
using Microsoft.Extensions.Hosting;

namespace ChangeFeed.Host.Commands;

/// <summary>
/// The processor host's command line: <c>run</c> (also what runs without a command), <c>parked list|replay</c>,
/// <c>check</c> and <c>backfill</c>, each with <c>--settings</c>, <c>--help</c> and <c>--version</c>. Each command is made by its own class
/// from the shared <see cref="CommandContext"/>; another command is one more line in <see cref="Commands"/>.
/// </summary>
public static class HostCommandLine
{
    /// <param name="configure">Runs after a command's own registration, before the settings are checked (tests add settings and clients here).</param>
    public static Task<int> RunAsync(IReadOnlyList<string> args, CommandConsole console, Action<HostApplicationBuilder>? configure, CancellationToken cancellationToken)
    {
        var context = new CommandContext(console, configure);
        var root = new RootCommand(
            "The relay on the Cosmos DB change feed processor: reads the Function App's settings, publishes each route's changes to its Service Bus topic. "
            + $"Without a command it runs (see run).{Environment.NewLine}{ExitCodes.Description}")
        {
            context.Settings,
            context.Verbose,
        };
        foreach (var command in Commands(context))
            root.Subcommands.Add(command);
        root.Action = root.Subcommands.Single(command => command.Name == RunCommand.Name).Action;
        Examples.Add(root,
            "ChangeFeed.Host check --settings local.settings.sample.json      # is everything the relay needs there? (the local emulators)",
            "ChangeFeed.Host --settings local.settings.sample.json            # run",
            "ChangeFeed.Host parked list orders --output json",
            "ChangeFeed.Host backfill orders --subscription billing --dry-run");
        return CommandLineInvocation.InvokeAsync(root, args, console, cancellationToken);
    }

    /// <summary>Every command, in the order the help lists them.</summary>
    private static IEnumerable<Command> Commands(CommandContext context) =>
    [
        RunCommand.Create(context),
        CheckCommand.Create(context),
        ParkedChangesCommand.Create(context),
        BackfillCommand.Create(context),
        ContractCommand.Create(context),
    ];
}

using System.CommandLine;
using System.CommandLine.Invocation;

namespace ChangeFeed.CommandLine;

/// <summary>
/// Parses and runs a program's root command the same way in every ChangeFeed program: <c>--help</c> and
/// <c>--version</c> at every level, a wrong command line answered on standard error with <see cref="ExitCodes.Usage"/>
/// (not the help text on standard output), and stop signals left to the generic host, which stops gracefully.
/// </summary>
public static class CommandLineInvocation
{
    public static async Task<int> InvokeAsync(RootCommand root, IReadOnlyList<string> args, CommandConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(console);
        foreach (var version in root.Options.OfType<VersionOption>())
            version.Recursive = true;

        Examples.ShowAfterHelp(root, console.Output);
        var parse = root.Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            var command = parse.CommandResult.Command;
            var names = command.Subcommands.Select(sub => sub.Name)
                .Concat(command.Options.Concat(command.Parents.OfType<Command>().SelectMany(parent => parent.Options.Where(option => option.Recursive))).Select(option => option.Name))
                .ToList();
            foreach (var error in parse.Errors)
            {
                var unmatched = parse.UnmatchedTokens.FirstOrDefault(token => error.Message.Contains($"'{token}'", StringComparison.Ordinal));
                await console.Error.WriteLineAsync(error.Message + (unmatched is null ? "" : Suggestion.DidYouMean(unmatched, names)));
            }

            await console.Error.WriteLineAsync($"See: {Usage(parse.CommandResult.Command, root)} --help");
            return ExitCodes.Usage;
        }

        // ProcessTerminationTimeout null: Ctrl+C and SIGTERM reach the host's lifetime, which stops the command gracefully.
        return await parse.InvokeAsync(
            new InvocationConfiguration { Output = console.Output, Error = console.Error, ProcessTerminationTimeout = null },
            cancellationToken);
    }

    private static string Usage(Command command, RootCommand root)
    {
        var names = new List<string>();
        for (var current = command; current is not null && current != root; current = current.Parents.OfType<Command>().FirstOrDefault())
            names.Insert(0, current.Name);
        return string.Join(' ', [root.Name, .. names]);
    }
}

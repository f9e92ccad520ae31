using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Runtime.CompilerServices;

namespace ChangeFeed.CommandLine;

/// <summary>
/// The Examples section a command's own <c>--help</c> ends with (not the parent's list of commands, which keeps one
/// line per command): what to type for the usual cases.
/// </summary>
public static class Examples
{
    private static readonly ConditionalWeakTable<Command, string[]> Registered = [];

    /// <summary>Gives <paramref name="command"/> its examples; returns it, for use in initializers.</summary>
    public static Command Add(Command command, params string[] lines)
    {
        ArgumentNullException.ThrowIfNull(command);
        Registered.AddOrUpdate(command, lines);
        return command;
    }

    /// <summary>Makes the root's help option print the examples of the command asked about, after the help.</summary>
    internal static void ShowAfterHelp(RootCommand root, TextWriter output)
    {
        foreach (var help in root.Options.OfType<HelpOption>())
        {
            if (help.Action is HelpAction original)
                help.Action = new WithExamples(original, output);
        }
    }

    private sealed class WithExamples(HelpAction help, TextWriter output) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var exitCode = help.Invoke(parseResult);
            if (Registered.TryGetValue(parseResult.CommandResult.Command, out var lines))
            {
                output.WriteLine("Examples:");
                foreach (var line in lines)
                    output.WriteLine($"  {line}");
                output.WriteLine();
            }

            return exitCode;
        }
    }
}

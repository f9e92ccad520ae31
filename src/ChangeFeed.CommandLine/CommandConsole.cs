using System.Text;

namespace ChangeFeed.CommandLine;

/// <summary>Where a command writes: results to <see cref="Output"/>, errors and logs to <see cref="Error"/>, each with its style.</summary>
public sealed class CommandConsole(TextWriter output, TextWriter error, ConsoleStyle outputStyle, ConsoleStyle errorStyle)
{
    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    public ConsoleStyle OutputStyle { get; } = outputStyle;

    public ConsoleStyle ErrorStyle { get; } = errorStyle;

    /// <summary>Writers that are never a terminal (tests, captured output).</summary>
    public static CommandConsole Redirected(TextWriter output, TextWriter error) => new(output, error, ConsoleStyle.Plain, ConsoleStyle.Plain);

    /// <summary>The process's standard output and error, styled for what each is connected to.</summary>
    public static CommandConsole Standard()
    {
        if (!Console.IsOutputRedirected || !Console.IsErrorRedirected)
            Console.OutputEncoding = Encoding.UTF8; // ✓ and ✗ on consoles whose default code page lacks them
        return new(Console.Out, Console.Error, ConsoleStyle.For(Console.IsOutputRedirected), ConsoleStyle.For(Console.IsErrorRedirected));
    }
}

namespace ChangeFeed.CommandLine;

/// <summary>
/// How a writer marks results: ✓ ✗ and colour on a terminal, words when the output is redirected (a log, a pipe, a
/// test), so that what a script greps for does not depend on escape codes. <c>NO_COLOR</c> turns colour off.
/// </summary>
public sealed class ConsoleStyle
{
    private const string Reset = "\u001b[0m";
    private readonly bool terminal;
    private readonly bool colour;

    private ConsoleStyle(bool terminal, bool colour)
    {
        this.terminal = terminal;
        this.colour = terminal && colour;
    }

    /// <summary>Redirected output: <c>ok</c>, <c>FAIL</c>, <c>skip</c>, no escape codes.</summary>
    public static ConsoleStyle Plain { get; } = new(terminal: false, colour: false);

    public static ConsoleStyle Terminal(bool colour) => new(terminal: true, colour);

    /// <summary>The style for a standard stream: plain when it is redirected.</summary>
    public static ConsoleStyle For(bool redirected) =>
        redirected ? Plain : Terminal(colour: string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")));

    public bool IsTerminal => terminal;

    /// <summary>What passed, four columns wide when plain so that the lines align.</summary>
    public string Passed => terminal ? Paint("✓", "32") : "ok  ";

    public string Failed => terminal ? Paint("✗", "31") : "FAIL";

    /// <summary>What could not be checked because something it needs failed.</summary>
    public string Skipped => terminal ? Paint("-", "90") : "skip";

    /// <summary>A name the reader looks for (a setting, a route): bold on a colour terminal.</summary>
    public string Strong(string text) => Paint(text, "1");

    private string Paint(string text, string code) => colour ? $"\u001b[{code}m{text}{Reset}" : text;
}

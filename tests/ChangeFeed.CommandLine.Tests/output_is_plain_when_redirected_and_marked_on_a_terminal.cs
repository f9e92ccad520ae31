using ChangeFeed.CommandLine;

namespace ChangeFeed.CommandLine.Tests;

public sealed class output_is_plain_when_redirected_and_marked_on_a_terminal
{
    [Fact]
    public void redirected_output_has_words_of_one_width_and_no_escape_codes()
    {
        var style = ConsoleStyle.For(redirected: true);

        Assert.False(style.IsTerminal);
        Assert.Equal(["ok  ", "FAIL", "skip"], [style.Passed, style.Failed, style.Skipped]);
        Assert.Equal("Host:Mode", style.Strong("Host:Mode"));
    }

    [Fact]
    public void a_terminal_gets_symbols_and_colour_unless_colour_is_turned_off()
    {
        var colour = ConsoleStyle.Terminal(colour: true);
        var monochrome = ConsoleStyle.Terminal(colour: false);

        Assert.Equal(["\u001b[32m✓\u001b[0m", "\u001b[31m✗\u001b[0m"], [colour.Passed, colour.Failed]);
        Assert.Equal(["✓", "✗", "-"], [monochrome.Passed, monochrome.Failed, monochrome.Skipped]);
        Assert.Equal("Host:Mode", monochrome.Strong("Host:Mode"));
    }

    [Fact]
    public void exit_codes_are_one_table_of_distinct_values_that_the_help_text_lists()
    {
        int[] codes = [ExitCodes.Ok, ExitCodes.Failed, ExitCodes.Usage, ExitCodes.StillParked, ExitCodes.Configuration];

        Assert.Equal(codes.Length, codes.Distinct().Count());
        Assert.All(codes, code => Assert.Contains($"{code} ", ExitCodes.Description, StringComparison.Ordinal));
    }
}

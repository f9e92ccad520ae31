using ChangeFeed.CommandLine;

namespace ChangeFeed.Host.Checks;

/// <summary>Writes the checks as they complete, one line each under their section, with what to do under each failure.</summary>
public sealed class CheckReport(TextWriter output, ConsoleStyle style)
{
    private int passed;
    private int failed;
    private int skipped;

    public bool AllPassed => failed == 0 && skipped == 0;

    public Task SectionAsync(string title) => output.WriteLineAsync(style.Strong(title));

    public async Task<CheckResult> AddAsync(CheckResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var mark = result.Outcome switch
        {
            CheckOutcome.Passed => style.Passed,
            CheckOutcome.Failed => style.Failed,
            _ => style.Skipped,
        };
        await output.WriteLineAsync($"  {mark} {result.Subject}");
        if (result.Fix is { } fix)
            await output.WriteLineAsync($"{new string(' ', 3 + (style.IsTerminal ? 1 : 4))}{fix}"); // under the subject
        _ = result.Outcome switch
        {
            CheckOutcome.Passed => ++passed,
            CheckOutcome.Failed => ++failed,
            _ => ++skipped,
        };
        return result;
    }

    public Task SummaryAsync() =>
        output.WriteLineAsync(AllPassed
            ? $"All {passed} checks passed: the relay has what it needs."
            : $"{passed + failed + skipped} checks: {passed} passed, {failed} failed, {skipped} not checked.");
}

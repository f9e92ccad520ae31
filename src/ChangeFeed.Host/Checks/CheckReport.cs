using ChangeFeed.CommandLine;

namespace ChangeFeed.Host.Checks;

/// <summary>
/// Writes the checks as they complete, one line each under their section, with what to do under each failure; or,
/// with <paramref name="json"/>, one document at the end (<see cref="CheckDocument"/>).
/// </summary>
public sealed class CheckReport(TextWriter output, ConsoleStyle style, bool json = false)
{
    private readonly List<CheckEntry> entries = [];
    private string section = "";
    private int passed;
    private int failed;
    private int skipped;

    public bool AllPassed => failed == 0 && skipped == 0;

    public Task SectionAsync(string title)
    {
        section = title;
        return json ? Task.CompletedTask : output.WriteLineAsync(style.Strong(title));
    }

    public async Task<CheckResult> AddAsync(CheckResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (json)
        {
            entries.Add(new(section, result.Outcome, result.Subject, result.Fix));
            Count(result);
            return result;
        }

        var mark = result.Outcome switch
        {
            CheckOutcome.Passed => style.Passed,
            CheckOutcome.Failed => style.Failed,
            _ => style.Skipped,
        };
        await output.WriteLineAsync($"  {mark} {result.Subject}");
        if (result.Fix is { } fix)
            await output.WriteLineAsync($"{new string(' ', 3 + (style.IsTerminal ? 1 : 4))}{fix}"); // under the subject
        Count(result);
        return result;
    }

    public Task SummaryAsync() =>
        json
            ? OutputFormat.WriteAsync(output, new CheckDocument(AllPassed, passed, failed, skipped, entries))
            : output.WriteLineAsync(AllPassed
                ? $"All {passed} checks passed: the relay has what it needs."
                : $"{passed + failed + skipped} checks: {passed} passed, {failed} failed, {skipped} not checked.");

    private void Count(CheckResult result) =>
        _ = result.Outcome switch
        {
            CheckOutcome.Passed => ++passed,
            CheckOutcome.Failed => ++failed,
            _ => ++skipped,
        };
}

/// <summary><c>check --output json</c>: whether all passed, the counts, and every check in order with its section and, for a failure, what to do.</summary>
public sealed record CheckDocument(bool AllPassed, int Passed, int Failed, int Skipped, IReadOnlyList<CheckEntry> Checks);

/// <summary>One check: <c>outcome</c> is passed, failed or skipped; <c>fix</c> is null unless it failed.</summary>
public sealed record CheckEntry(string Section, CheckOutcome Outcome, string Subject, string? Fix);

namespace ChangeFeed.Host.Checks;

/// <summary>Whether something the relay needs is there.</summary>
public enum CheckOutcome
{
    Passed,
    Failed,

    /// <summary>Not checked, because something it depends on failed.</summary>
    Skipped,
}

/// <summary>One line of <c>check</c>: what was checked, and for a failure what to do about it.</summary>
public sealed record CheckResult(CheckOutcome Outcome, string Subject, string? Fix = null)
{
    public static CheckResult Pass(string subject) => new(CheckOutcome.Passed, subject);

    public static CheckResult Fail(string subject, string fix) => new(CheckOutcome.Failed, subject, fix);

    public static CheckResult Skip(string subject, string because) => new(CheckOutcome.Skipped, $"{subject}: not checked, {because}");

    public bool Passed => Outcome == CheckOutcome.Passed;
}

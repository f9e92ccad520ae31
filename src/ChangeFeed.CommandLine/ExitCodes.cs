namespace ChangeFeed.CommandLine;

/// <summary>
/// The exit codes of every ChangeFeed program and command (the processor host's <c>run</c>, <c>parked</c>, <c>check</c>, <c>backfill</c>,
/// the subscriber, the Function App's worker). One table, so that a script or an orchestrator reads them the same way
/// everywhere; any other code is a crash (134 is an unhandled exception).
/// </summary>
public static class ExitCodes
{
    /// <summary>Done; for <c>check</c>, every check passed.</summary>
    public const int Ok = 0;

    /// <summary>The command ran and something failed: a check did not pass, a service refused an operation, or it was stopped before it finished. Standard error says what.</summary>
    public const int Failed = 1;

    /// <summary>The command line is wrong: an unknown command or option, a missing argument. Nothing ran.</summary>
    public const int Usage = 2;

    /// <summary><c>parked replay</c> left changes parked (parked again, or their document was not kept); <c>backfill</c> left out changes the route cannot publish.</summary>
    public const int StillParked = 3;

    /// <summary>A setting is missing or invalid (or the <c>--settings</c> file is): the checklist on standard error names each; nothing was started or contacted.</summary>
    public const int Configuration = 4;

    /// <summary>The table as the help text shows it.</summary>
    public static string Description =>
        $"Exit codes: {Ok} done, {Failed} failed, {Usage} wrong command line, {StillParked} changes left parked or not sent, {Configuration} settings missing or invalid.";
}

using ChangeFeed.Configuration;
using Microsoft.Extensions.Options;

namespace ChangeFeed.Host.Configuration;

/// <summary>Checks the <c>Host</c> section when the host starts; every message names the setting.</summary>
public sealed class ProcessorHostOptionsValidator(IOptions<ChangeFeedOptions> changeFeed) : IValidateOptions<ProcessorHostOptions>
{
    private const string Prefix = ProcessorHostOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, ProcessorHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>(options.BindingErrors);
        var mode = options.ParsedMode;
        if (mode is null)
            errors.Add($"{Prefix}:Mode '{options.Mode}' is not a mode: which change feed the processors read, expected LatestVersion (default) or AllVersionsAndDeletes.");
        if (options.ParsedStartFrom is not { } start)
            errors.Add($"{Prefix}:StartFrom '{options.StartFrom}' is not a start position: where a route without leases starts, expected Now (default) or Beginning.");
        else if (start == StartPosition.Beginning && mode == ProcessorMode.AllVersionsAndDeletes)
            errors.Add($"{Prefix}:StartFrom is Beginning, but {Prefix}:Mode AllVersionsAndDeletes can only start from now: expected {Prefix}:StartFrom=Now (the default) with that mode.");

        Positive(errors, nameof(options.PollInterval), options.PollInterval, "00:00:05");
        Positive(errors, nameof(options.RetryMinBackoff), options.RetryMinBackoff, "00:00:01");
        Positive(errors, nameof(options.LeaseAcquireInterval), options.LeaseAcquireInterval, "00:00:13");
        Positive(errors, nameof(options.LeaseExpirationInterval), options.LeaseExpirationInterval, "00:01:00");
        Positive(errors, nameof(options.LeaseRenewInterval), options.LeaseRenewInterval, "00:00:17");
        if (options.RetryMaxBackoff < options.RetryMinBackoff)
            errors.Add($"{Prefix}:RetryMaxBackoff is {options.RetryMaxBackoff}: the longest wait after a failed batch, expected at least {Prefix}:RetryMinBackoff ({options.RetryMinBackoff}), e.g. 00:05:00.");
        if (options.LeaseRenewInterval >= options.LeaseExpirationInterval)
            errors.Add($"{Prefix}:LeaseRenewInterval is {options.LeaseRenewInterval}: expected less than {Prefix}:LeaseExpirationInterval ({options.LeaseExpirationInterval}), else leases expire while owned, e.g. 00:00:17.");
        if (options.EstimatorInterval < TimeSpan.Zero)
            errors.Add($"{Prefix}:EstimatorInterval is {options.EstimatorInterval}: how often the lag is estimated, expected a positive interval such as 00:00:30, or 00:00:00 to turn the lag metric off.");
        if (options.MaxItemsPerBatch is < 1 or > 10_000)
            errors.Add($"{Prefix}:MaxItemsPerBatch is {options.MaxItemsPerBatch}: the most changes handed to the relay at once, expected 1 to 10000, e.g. 100.");

        // Invalid ChangeFeed options are reported by their own validator; the route selection is checked against valid ones.
        IReadOnlyCollection<string> configured;
        try
        {
            configured = [.. changeFeed.Value.Routes.Keys];
        }
        catch (OptionsValidationException)
        {
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }

        if (configured.Count == 0)
            errors.Add($"{ChangeFeedOptions.SectionName}__Routes__<name>__* is required: the host runs one change feed processor per route, e.g. {ChangeFeedOptions.SectionName}__Routes__orders__Container=orders.");
        foreach (var route in options.RouteNames(configured).Where(route => !configured.Contains(route, StringComparer.OrdinalIgnoreCase)))
            errors.Add($"{Prefix}:Routes names '{route}', which is not configured under {ChangeFeedOptions.SectionName}:Routes: the routes this instance runs, e.g. {string.Join(",", configured.Order(StringComparer.Ordinal))} (the configured ones).");

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Positive(List<string> errors, string setting, TimeSpan value, string example)
    {
        if (value <= TimeSpan.Zero)
            errors.Add($"{Prefix}:{setting} is {value}: expected a positive interval, e.g. {example} (the default).");
    }
}

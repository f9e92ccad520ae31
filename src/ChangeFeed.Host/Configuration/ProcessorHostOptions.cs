namespace ChangeFeed.Host.Configuration;

/// <summary>
/// The <c>Host</c> section: how the change feed processors run. Everything else (routes, connections, parking) is
/// configured exactly as for the Function App. Enumerations are strings so that a wrong value is reported by name.
/// </summary>
public sealed class ProcessorHostOptions
{
    public const string SectionName = "Host";

    /// <summary>Comma-separated route names to run (each under <c>ChangeFeed:Routes</c>); default every configured route.</summary>
    public string? Routes { get; set; }

    /// <summary>This instance's name in the leases; default the machine name. Must differ between instances.</summary>
    public string? InstanceName { get; set; }

    /// <summary>How long to wait before reading a lease's change feed again when it had nothing new. Default 5 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The most changes handed to the relay at once. Default 100.</summary>
    public int MaxItemsPerBatch { get; set; } = 100;

    /// <summary>
    /// <c>LatestVersion</c> (default): the newest version of each changed document, manual checkpoint after the relay
    /// completed. <c>AllVersionsAndDeletes</c>: every create, replace and delete (hard deletes and TTL expiry become
    /// <c>.deleted</c> events); needs continuous backup on the Cosmos DB account in Azure, starts from now only, and
    /// checkpoints automatically after the relay completed.
    /// </summary>
    public string? Mode { get; set; }

    /// <summary>Where a route without leases starts: <c>Now</c> (default, as the Functions trigger) or <c>Beginning</c> (latest-version mode only).</summary>
    public string? StartFrom { get; set; }

    /// <summary>How often the change feed estimator is read for the <c>changefeed.lag</c> metric; <c>00:00:00</c> turns it off. Default 30 s.</summary>
    public TimeSpan EstimatorInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The first wait after a failed batch; doubled per consecutive failure of the same lease. Default 1 s.</summary>
    public TimeSpan RetryMinBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait after a failed batch. Default 5 min.</summary>
    public TimeSpan RetryMaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often an instance looks for leases to take (the SDK's default is 13 s).</summary>
    public TimeSpan LeaseAcquireInterval { get; set; } = TimeSpan.FromSeconds(13);

    /// <summary>How long a lease stays owned without renewal before another instance may take it (SDK default 60 s).</summary>
    public TimeSpan LeaseExpirationInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often an owned lease is renewed (SDK default 17 s); shorter than the expiration interval.</summary>
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(17);

    /// <summary>What could not be bound (keys that are not settings, values not of their type), reported by the validator.</summary>
    internal List<string> BindingErrors { get; } = [];

    internal ProcessorMode? ParsedMode => Parse<ProcessorMode>(Mode, ProcessorMode.LatestVersion);

    internal StartPosition? ParsedStartFrom => Parse<StartPosition>(StartFrom, StartPosition.Now);

    /// <summary>The routes to run, given the configured ones.</summary>
    internal IReadOnlyList<string> RouteNames(IEnumerable<string> configured) =>
        string.IsNullOrWhiteSpace(Routes)
            ? configured.Order(StringComparer.Ordinal).ToList()
            : Routes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    internal string EffectiveInstanceName => string.IsNullOrWhiteSpace(InstanceName) ? Environment.MachineName : InstanceName.Trim();

    private static T? Parse<T>(string? value, T empty)
        where T : struct, Enum =>
        string.IsNullOrWhiteSpace(value)
            ? empty
            : Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, out _) ? parsed : null;
}

/// <summary>Which change feed the processors read.</summary>
public enum ProcessorMode
{
    LatestVersion,
    AllVersionsAndDeletes,
}

/// <summary>Where a route without leases starts reading.</summary>
public enum StartPosition
{
    Now,
    Beginning,
}

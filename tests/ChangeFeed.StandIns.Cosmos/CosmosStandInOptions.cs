namespace ChangeFeed.StandIns.Cosmos;

/// <summary>How <see cref="CosmosStandIn.StartAsync(CosmosStandInOptions, CancellationToken)"/> gets its account.</summary>
public sealed class CosmosStandInOptions
{
    /// <summary>The environment variable that points the fixture at a real account instead of the Node stand-in.</summary>
    public const string ConnectionStringVariable = "CHANGEFEED_E2E_COSMOS";

    /// <summary>
    /// <c>AccountEndpoint=...;AccountKey=...;</c> of a real account (emulator or Azure). When null, the value of
    /// <see cref="ConnectionStringVariable"/> is used; when that is empty too, the Node stand-in starts.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The folder holding the stand-in's <c>package.json</c>; by default the repository's tests/stand-ins/cosmos.</summary>
    public string? StandInDirectory { get; set; }

    /// <summary>How long the Node process may take to print its ready line.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long <c>npm ci</c> may take when node_modules is missing.</summary>
    public TimeSpan InstallTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Makes the stand-in write one line per request to its stderr (see <see cref="CosmosStandIn.StandardError"/>).</summary>
    public bool LogRequests { get; set; }

    /// <summary>
    /// Makes the Node process ignore SIGINT: a terminal's Ctrl+C reaches every process of its group, and a program that
    /// stops its own parts in order (the demo) needs the stand-in answering until it stops it.
    /// </summary>
    public bool IgnoreInterrupt { get; set; }
}

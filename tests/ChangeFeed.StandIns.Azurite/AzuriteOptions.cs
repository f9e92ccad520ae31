namespace ChangeFeed.StandIns.Azurite;

/// <summary>How <see cref="Azurite.StartAsync(AzuriteOptions, CancellationToken)"/> gets its storage account.</summary>
public sealed class AzuriteOptions
{
    /// <summary>The environment variable that points the fixture at a real storage account instead of Azurite.</summary>
    public const string ConnectionStringVariable = "CHANGEFEED_E2E_STORAGE";

    /// <summary>
    /// A connection string of a real account (<c>DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...;</c>).
    /// When null, the value of <see cref="ConnectionStringVariable"/> is used; when that is empty too, Azurite starts.
    /// Empty: Azurite starts whatever the variable says (for tests that stop it).
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The folder holding Azurite's <c>package.json</c>; by default the repository's tests/stand-ins/azurite.</summary>
    public string? Directory { get; set; }

    /// <summary>How long Azurite may take to say it listens.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long <c>npm ci</c> may take when node_modules is missing (Azurite is a large package).</summary>
    public TimeSpan InstallTimeout { get; set; } = TimeSpan.FromMinutes(10);
}

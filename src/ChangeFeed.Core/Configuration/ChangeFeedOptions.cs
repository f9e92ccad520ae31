namespace ChangeFeed.Configuration;

/// <summary>The <c>ChangeFeed</c> configuration section.</summary>
public sealed class ChangeFeedOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "ChangeFeed";

    /// <summary>The Cosmos DB account name: part of every event id and of the default CloudEvents source.</summary>
    public string? Account { get; set; }

    /// <summary>One route per watched container, keyed by route name.</summary>
    public Dictionary<string, RouteOptions> Routes { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Keys found in the section that are not settings (typos), reported by the validator.</summary>
    internal List<string> UnknownSettings { get; } = [];
}

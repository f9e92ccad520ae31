namespace ChangeFeed.Hosting;

/// <summary>
/// The app settings a relay host reads besides the <c>ChangeFeed</c> section; the infrastructure sets them by these
/// names, and the Function App and the processor host read the same ones, so one configuration serves both.
/// </summary>
public static class RelaySettings
{
    /// <summary>The Cosmos DB account: <c>COSMOS__accountEndpoint</c> (+ <c>__credential</c>, <c>__clientId</c>) or a connection string.</summary>
    public const string Cosmos = "COSMOS";

    /// <summary>The Service Bus namespace: <c>SERVICEBUS__fullyQualifiedNamespace</c> (+ <c>__credential</c>, <c>__clientId</c>) or a connection string.</summary>
    public const string ServiceBus = "SERVICEBUS";

    /// <summary>The database of the lease and parking containers.</summary>
    public const string CosmosDatabase = "COSMOS_DATABASE";

    public const string LeasesContainer = "COSMOS_LEASES_CONTAINER";

    public const string ParkedContainer = "COSMOS_PARKED_CONTAINER";

    /// <summary>How long parked changes are kept, e.g. <c>14.00:00:00</c> (default 14 days).</summary>
    public const string ParkedTimeToLive = "COSMOS_PARKED_TTL";

    /// <summary>
    /// The claim check's Blob Storage: <c>CLAIMCHECK__serviceUri</c> (+ <c>__credential</c>, <c>__clientId</c>) or a
    /// connection string. Optional: without it, events too large for their topic are parked.
    /// </summary>
    public const string ClaimCheck = ChangeFeed.BlobStorage.ClaimCheckConnection.Section;

    /// <summary>The claim check's blob container (default <c>large-events</c>).</summary>
    public const string ClaimCheckContainer = ChangeFeed.BlobStorage.ClaimCheckConnection.ContainerSetting;

    public const string ApplicationInsightsConnectionString = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary><c>Authorization=AAD</c> (system-assigned identity) or <c>Authorization=AAD;ClientId=...</c> (user-assigned).</summary>
    public const string ApplicationInsightsAuthentication = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";
}

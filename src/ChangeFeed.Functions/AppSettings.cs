namespace ChangeFeed.Functions;

/// <summary>The app settings the Function App reads (their names are fixed: the infrastructure sets them).</summary>
public static class AppSettings
{
    /// <summary>The Cosmos DB account: <c>COSMOS__accountEndpoint</c> (+ <c>__credential</c>, <c>__clientId</c>) or a connection string.</summary>
    public const string Cosmos = "COSMOS";

    /// <summary>The Service Bus namespace: <c>SERVICEBUS__fullyQualifiedNamespace</c> (+ <c>__credential</c>, <c>__clientId</c>) or a connection string.</summary>
    public const string ServiceBus = "SERVICEBUS";

    public const string CosmosDatabase = "COSMOS_DATABASE";

    public const string LeasesContainer = "COSMOS_LEASES_CONTAINER";

    public const string ParkedContainer = "COSMOS_PARKED_CONTAINER";

    /// <summary>How long parked changes are kept, e.g. <c>14.00:00:00</c> (default 14 days).</summary>
    public const string ParkedTimeToLive = "COSMOS_PARKED_TTL";

    public const string ApplicationInsightsConnectionString = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary><c>Authorization=AAD</c> (system-assigned identity) or <c>Authorization=AAD;ClientId=...</c> (user-assigned).</summary>
    public const string ApplicationInsightsAuthentication = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";
}

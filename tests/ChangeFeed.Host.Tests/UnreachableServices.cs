namespace ChangeFeed.Host.Tests;

/// <summary>
/// Complete, valid settings for one route whose services are at port 1 of the loopback address, where nothing listens:
/// a command gets past its settings checks, and anything that contacted a service would fail rather than pass.
/// </summary>
internal static class UnreachableServices
{
    public static Dictionary<string, string?> Settings() => new()
    {
        ["COSMOS"] = "AccountEndpoint=https://127.0.0.1:1/;AccountKey=C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==;",
        ["SERVICEBUS"] = "Endpoint=sb://127.0.0.1:1;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;",
        ["COSMOS_DATABASE"] = "changefeed",
        ["COSMOS_LEASES_CONTAINER"] = "leases",
        ["ChangeFeed:Account"] = "contoso",
        ["ChangeFeed:Routes:orders:Database"] = "changefeed",
        ["ChangeFeed:Routes:orders:Container"] = "orders",
        ["ChangeFeed:Routes:orders:Topic"] = "orders-cdc",
        ["ChangeFeed:Routes:orders:PartitionKeyPath"] = "/customerId",
        ["ChangeFeed:Routes:orders:EventType"] = "com.contoso.orders.order",
    };
}

namespace ChangeFeed.Infra.Tests.Snapshot;

/// <summary>
/// Built-in role definition ids: Azure RBAC (learn.microsoft.com, "Azure built-in roles") and Cosmos DB's data-plane
/// roles ("Azure Cosmos DB for NoSQL data plane role-based access control"), with the names the docs use.
/// </summary>
public static class BuiltInRoles
{
    public const string ServiceBusDataSender = "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39";
    public const string ServiceBusDataReceiver = "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0";
    public const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    public const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    public const string StorageBlobDataReader = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";
    public const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    public const string CosmosDataReader = "00000000-0000-0000-0000-000000000001";
    public const string CosmosDataContributor = "00000000-0000-0000-0000-000000000002";

    /// <summary>The principal id the snapshots' parameter files give the developer (azd's signed-in principal).</summary>
    public const string Developer = "11111111-2222-3333-4444-555555555555";

    public static IReadOnlyDictionary<string, string> Names { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [ServiceBusDataSender] = "Azure Service Bus Data Sender",
        [ServiceBusDataReceiver] = "Azure Service Bus Data Receiver",
        [StorageBlobDataOwner] = "Storage Blob Data Owner",
        [StorageBlobDataContributor] = "Storage Blob Data Contributor",
        [StorageBlobDataReader] = "Storage Blob Data Reader",
        [MonitoringMetricsPublisher] = "Monitoring Metrics Publisher",
        [CosmosDataReader] = "Cosmos DB Built-in Data Reader",
        [CosmosDataContributor] = "Cosmos DB Built-in Data Contributor",
    };
}

using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;

namespace ChangeFeed.Subscriber;

/// <summary>The Cosmos DB client from the <c>COSMOS</c> section: a connection string locally, the account endpoint and managed identity in Azure.</summary>
internal static class ConnectionSettings
{
    public static CosmosClient CreateCosmosClient(IConfigurationSection section, AzureComponentFactory factory)
    {
        var options = new CosmosClientOptions { ApplicationName = "changefeed-subscriber" };
        if (section.Value is { Length: > 0 } connectionString)
            return new CosmosClient(connectionString, options);

        var endpoint = section["accountEndpoint"];
        if (string.IsNullOrWhiteSpace(endpoint))
            throw new InvalidOperationException("COSMOS__accountEndpoint or COSMOS is required: the Cosmos DB account endpoint, or locally a connection string.");
        return new CosmosClient(endpoint, factory.CreateTokenCredential(section), options);
    }
}

using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;

namespace ChangeFeed.Cosmos;

/// <summary>
/// The <see cref="CosmosClient"/> every host builds from its <c>COSMOS</c> section, read the way the Functions host
/// reads the trigger's connection: a connection string (the emulator) or <c>COSMOS__accountEndpoint</c> with the
/// credential the section describes (<c>credential=managedidentity</c>, <c>clientId</c>). No keys in Azure.
/// </summary>
public static class CosmosConnection
{
    /// <summary>What is missing for <see cref="CreateClient"/> to work, named as app settings; null when nothing is.</summary>
    public static string? MissingSetting(IConfiguration configuration, string name = "COSMOS")
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration[name]) || !string.IsNullOrWhiteSpace(configuration[$"{name}:accountEndpoint"])
            ? null
            : $"{name}__accountEndpoint or {name} is required: the Cosmos DB account, e.g. {name}__accountEndpoint=https://cosmos-contoso.documents.azure.com:443/ "
                + $"with {name}__credential=managedidentity (and {name}__clientId for a user-assigned identity), or locally a connection string in {name}.";
    }

    public static CosmosClient CreateClient(IConfigurationSection section, AzureComponentFactory factory, string applicationName)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(factory);
        var options = new CosmosClientOptions { ApplicationName = applicationName, Serializer = new CosmosDocumentSerializer() };
        if (section.Value is { Length: > 0 } connectionString)
        {
            // The emulator answers through its gateway only.
            if (connectionString.Contains("localhost", StringComparison.OrdinalIgnoreCase) || connectionString.Contains("127.0.0.1", StringComparison.Ordinal))
                options.ConnectionMode = ConnectionMode.Gateway;
            return new CosmosClient(connectionString, options);
        }

        var endpoint = section["accountEndpoint"];
        if (string.IsNullOrWhiteSpace(endpoint))
            throw new InvalidOperationException($"{section.Path}__accountEndpoint or {section.Path} is required: the Cosmos DB account endpoint, or locally a connection string.");
        return new CosmosClient(endpoint, factory.CreateTokenCredential(section), options);
    }
}

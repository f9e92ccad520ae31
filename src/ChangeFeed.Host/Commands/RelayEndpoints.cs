using Azure.Storage.Blobs;
using ChangeFeed.BlobStorage;
using ChangeFeed.CommandLine;
using ChangeFeed.Cosmos;
using ChangeFeed.Hosting;
using ChangeFeed.ServiceBus;
using Microsoft.Extensions.Configuration;

namespace ChangeFeed.Host.Commands;

/// <summary>The services the relay's settings address, as the one-line problems and <c>check</c> name them.</summary>
public static class RelayEndpoints
{
    public const string CosmosDb = "Cosmos DB";
    public const string ServiceBus = "Service Bus";
    public const string ClaimCheck = "Blob Storage (claim check)";

    public static ServiceEndpoint? Cosmos(IConfiguration configuration) =>
        CosmosConnection.Address(configuration, RelaySettings.Cosmos) is { } uri
            ? new(CosmosDb, Setting(configuration, RelaySettings.Cosmos, "accountEndpoint"), uri.Host, uri.Port, uri.Scheme.ToUpperInvariant())
            : null;

    public static ServiceEndpoint? Bus(IConfiguration configuration) =>
        ServiceBusConnection.Address(configuration, RelaySettings.ServiceBus) is { } address
            ? new(ServiceBus, Setting(configuration, RelaySettings.ServiceBus, "fullyQualifiedNamespace"), address.Host, address.Port, address.Protocol)
            : null;

    public static ServiceEndpoint? Blobs(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        Uri? uri = null;
        if (configuration[ClaimCheckConnection.Section] is { Length: > 0 } connectionString)
        {
            try
            {
                uri = new BlobServiceClient(connectionString).Uri; // parses only: no request
            }
            catch (Exception malformed) when (malformed is FormatException or ArgumentException or InvalidOperationException)
            {
                return null;
            }
        }
        else if (Uri.TryCreate(configuration[$"{ClaimCheckConnection.Section}:serviceUri"], UriKind.Absolute, out var serviceUri))
        {
            uri = serviceUri;
        }

        return uri is null ? null : new(ClaimCheck, Setting(configuration, ClaimCheckConnection.Section, "serviceUri"), uri.Host, uri.Port, uri.Scheme.ToUpperInvariant());
    }

    /// <summary>Every service the settings address (the claim check only when configured).</summary>
    public static IReadOnlyList<ServiceEndpoint> All(IConfiguration configuration) =>
        [.. new[] { Cosmos(configuration), Bus(configuration), Blobs(configuration) }.OfType<ServiceEndpoint>()];

    private static string Setting(IConfiguration configuration, string section, string key) =>
        configuration[section] is { Length: > 0 } ? section : $"{section}__{key}";
}

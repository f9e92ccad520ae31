using Azure.Storage.Blobs;
using ChangeFeed.BlobStorage;
using ChangeFeed.Publishing;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class BlobStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Blob Storage claim check store when a blob endpoint is configured (<see cref="ClaimCheckConnection"/>):
    /// its <see cref="BlobServiceClient"/> comes from the <c>CLAIMCHECK</c> section through Microsoft.Extensions.Azure
    /// (managed identity in Azure, a connection string locally), its container from <c>CLAIMCHECK_CONTAINER</c>.
    /// Without an endpoint nothing is registered: publishers park large events, decoders refuse claim checks by name.
    /// </summary>
    public static IServiceCollection AddBlobClaimCheckWhenConfigured(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (!ClaimCheckConnection.IsConfigured(configuration))
            return services;

        var container = ClaimCheckConnection.Container(configuration);
        services.AddAzureClients(clients => clients.AddBlobServiceClient(configuration.GetSection(ClaimCheckConnection.Section)).WithName(ClaimCheckConnection.ClientName));
        services.TryAddSingleton<IClaimCheckStore>(provider => new BlobClaimCheckStore(
            () => provider.GetRequiredService<IAzureClientFactory<BlobServiceClient>>().CreateClient(ClaimCheckConnection.ClientName).GetBlobContainerClient(container)));
        return services;
    }
}

using System.Globalization;
using ChangeFeed.Configuration;
using ChangeFeed.Cosmos.Parking;
using ChangeFeed.Hosting;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class RelayRegistration
{
    /// <summary>
    /// The relay as every host runs it: the Service Bus and Cosmos DB clients from the <c>SERVICEBUS</c> / <c>COSMOS</c>
    /// sections (managed identity in Azure, connection strings locally; no keys), the relay bound to <c>ChangeFeed</c>,
    /// the Service Bus publisher, the Cosmos DB parking lot, and the Blob Storage claim check for events too large for
    /// their topic when <c>CLAIMCHECK</c> is configured. The app settings they read are checked at start
    /// (<see cref="RelayAppSettingsValidator"/>), each reported by its name.
    /// </summary>
    public static IServiceCollection AddChangeFeedRelay(this IServiceCollection services, IConfiguration configuration, string applicationName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<RelayAppSettings>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RelayAppSettings>, RelayAppSettingsValidator>());
        services.AddAzureClients(clients => clients.AddServiceBusClient(configuration.GetSection(RelaySettings.ServiceBus)));
        services.AddCosmosClient(configuration.GetSection(RelaySettings.Cosmos), applicationName);
        services.AddChangeFeed(configuration);
        services.AddServiceBusPublisher();
        services.AddBlobClaimCheckWhenConfigured(configuration);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ChangeFeedOptions>, ClaimCheckSettingsValidator>());
        services.AddCosmosParkingLot(options =>
        {
            options.Database = configuration[RelaySettings.CosmosDatabase];
            options.Container = configuration[RelaySettings.ParkedContainer] is { Length: > 0 } container ? container : options.Container;
            if (TimeSpan.TryParse(configuration[RelaySettings.ParkedTimeToLive], CultureInfo.InvariantCulture, out var timeToLive))
                options.TimeToLive = timeToLive;
        });

        // The parking lot's own checks speak of its options; RelayAppSettingsValidator names the app settings they come from.
        services.RemoveAll<IValidateOptions<CosmosParkingLotOptions>>();
        return services;
    }
}

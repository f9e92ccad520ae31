using ChangeFeed;
using ChangeFeed.Backfill;
using ChangeFeed.Cosmos;
using ChangeFeed.Cosmos.Backfill;
using ChangeFeed.Cosmos.Parking;
using ChangeFeed.Parking;
using ChangeFeed.Routing;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class CosmosServiceCollectionExtensions
{
    /// <summary>
    /// Parks changes in a Cosmos DB container (see <see cref="CosmosParkingLot"/>) and registers the
    /// <see cref="ParkedChangeReplayer"/>. Uses the <see cref="CosmosClient"/> the host registers.
    /// </summary>
    public static IServiceCollection AddCosmosParkingLot(this IServiceCollection services, Action<CosmosParkingLotOptions> configure)
    {
        services.AddOptions<CosmosParkingLotOptions>()
            .Configure(configure)
            .Validate(options => !string.IsNullOrWhiteSpace(options.Database), "The parking lot's Cosmos DB database is not set.")
            .Validate(options => !string.IsNullOrWhiteSpace(options.Container), "The parking lot's Cosmos DB container is not set.")
            .Validate(options => options.TimeToLive >= TimeSpan.FromSeconds(1), "The parking lot's time to live must be at least one second.")
            .ValidateOnStart();
        services.AddSingleton<IParkingLot>(provider => new CosmosParkingLot(ParkedContainer(provider), Options(provider)));
        services.TryAddSingleton(provider => new ParkedChangeReplayer(
            ParkedContainer(provider), provider.GetRequiredService<Relay>(), provider.GetRequiredService<RouteCatalog>()));
        return services;
    }

    /// <summary>
    /// Registers the <see cref="Backfiller"/> reading routes' containers with the change feed (<see cref="CosmosBackfillSource"/>)
    /// and keeping runs in <paramref name="progressContainer"/> (the lease container, partition key <c>/id</c>).
    /// Needs the relay's registrations (router, publisher, reader) and a <see cref="CosmosClient"/>.
    /// </summary>
    public static IServiceCollection AddCosmosBackfill(this IServiceCollection services, Func<IServiceProvider, Container> progressContainer)
    {
        ArgumentNullException.ThrowIfNull(progressContainer);
        services.TryAddSingleton<IBackfillSource, CosmosBackfillSource>();
        services.TryAddSingleton(provider => new CosmosBackfillProgressStore(progressContainer(provider)));
        services.TryAddSingleton<IBackfillProgressStore>(provider => provider.GetRequiredService<CosmosBackfillProgressStore>());
        services.TryAddSingleton<Backfiller>();
        return services;
    }

    /// <summary>Registers the <see cref="CosmosClient"/> described by a configuration section (see <see cref="CosmosConnection"/>).</summary>
    public static IServiceCollection AddCosmosClient(this IServiceCollection services, IConfigurationSection section, string applicationName)
    {
        services.AddAzureClientsCore();
        services.TryAddSingleton(provider => CosmosConnection.CreateClient(section, provider.GetRequiredService<AzureComponentFactory>(), applicationName));
        return services;
    }

    private static CosmosParkingLotOptions Options(IServiceProvider provider) =>
        provider.GetRequiredService<IOptions<CosmosParkingLotOptions>>().Value;

    private static Container ParkedContainer(IServiceProvider provider)
    {
        var options = Options(provider);
        return provider.GetRequiredService<CosmosClient>().GetContainer(options.Database, options.Container);
    }
}

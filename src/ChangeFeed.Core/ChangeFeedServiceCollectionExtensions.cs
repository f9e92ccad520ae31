using ChangeFeed;
using ChangeFeed.Configuration;
using ChangeFeed.Reading;
using ChangeFeed.Routing;
using ChangeFeed.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class ChangeFeedServiceCollectionExtensions
{
    /// <summary>
    /// Registers the relay, bound to the <c>ChangeFeed</c> section and validated when the host starts. A publisher
    /// (e.g. <c>AddServiceBusPublisher</c>) and a parking lot must be registered too.
    /// </summary>
    public static IServiceCollection AddChangeFeed(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ChangeFeedOptions>()
            .Configure(options => ChangeFeedBinding.Bind(configuration, options))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ChangeFeedOptions>, ChangeFeedOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RouteCatalog>();
        services.TryAddSingleton<Router>();
        services.TryAddSingleton<ChangeFeedTelemetry>();
        services.TryAddSingleton<Relay>();
        services.TryAddSingleton<ChangeReader>();
        return services;
    }
}

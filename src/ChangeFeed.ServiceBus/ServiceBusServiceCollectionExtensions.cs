using ChangeFeed.Publishing;
using ChangeFeed.ServiceBus;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class ServiceBusServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Service Bus publisher over the <see cref="Azure.Messaging.ServiceBus.ServiceBusClient"/> that the
    /// host registers (e.g. <c>AddAzureClients(b => b.AddServiceBusClient(...))</c>). Events too large for their topic
    /// travel by claim check when an <see cref="ChangeFeed.Publishing.IClaimCheckStore"/> is registered too.
    /// </summary>
    public static IServiceCollection AddServiceBusPublisher(this IServiceCollection services)
    {
        services.TryAddSingleton<EnvelopeEncoder>();
        services.TryAddSingleton<EnvelopeDecoder>();
        services.TryAddSingleton<ClaimCheck>();
        services.TryAddSingleton<ServiceBusPublisher>();
        services.TryAddSingleton<IEventPublisher>(provider => provider.GetRequiredService<ServiceBusPublisher>());
        return services;
    }
}

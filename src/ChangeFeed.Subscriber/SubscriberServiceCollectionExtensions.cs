using ChangeFeed.Configuration;
using ChangeFeed.ServiceBus;
using ChangeFeed.Subscriber;
using ChangeFeed.Subscriber.Handlers;
using ChangeFeed.Subscriber.Inbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class SubscriberServiceCollectionExtensions
{
    /// <summary>
    /// The subscriber's pipeline: options from <c>Subscriber</c> (validated at start), the decoder (reading the data of
    /// claim-checked events from Blob Storage, signed in as the subscriber, when <c>CLAIMCHECK</c> is configured), the sample
    /// handlers, the dispatcher and settlement. The host adds the <c>ServiceBusClient</c>, an <see cref="IInbox"/> and
    /// <see cref="EventSubscriber"/>.
    /// </summary>
    public static IServiceCollection AddEventHandling(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SubscriberOptions>()
            .Configure(options => options.BindingErrors.AddRange(SettingsBinding.Bind(configuration.GetSection(SubscriberOptions.SectionName), options)))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SubscriberOptions>, SubscriberOptionsValidator>());
        services.AddBlobClaimCheckWhenConfigured(configuration);
        services.TryAddSingleton<EnvelopeDecoder>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IEventTypeHandler, OrderPlacedHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IEventTypeHandler, OrderShippedHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IEventTypeHandler, OrderUpsertedHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IEventTypeHandler, OrderDeletedHandler>());
        services.TryAddSingleton<EventDispatcher>();
        services.TryAddSingleton(provider => provider.GetRequiredService<IOptions<SubscriberOptions>>().Value);
        services.TryAddSingleton<MessageSettlement>();
        return services;
    }
}

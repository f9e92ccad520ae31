using Azure.Messaging.ServiceBus;
using ChangeFeed.Subscriber;
using ChangeFeed.Subscriber.Inbox;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

// The sample subscriber: `dotnet run --project src/ChangeFeed.Subscriber`. Configured like the relay:
// SERVICEBUS / COSMOS as connection strings locally, or SERVICEBUS__fullyQualifiedNamespace / COSMOS__accountEndpoint
// with managed identity in Azure; what to read under Subscriber (see appsettings.json).
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddSubscriberHost(builder.Configuration);
await builder.Build().RunAsync();

namespace ChangeFeed.Subscriber
{
    public static class SubscriberHost
    {
        /// <summary>Everything the subscriber process registers: clients, inbox, handlers and the session processor.</summary>
        public static IServiceCollection AddSubscriberHost(this IServiceCollection services, IConfiguration configuration)
        {
            services.AddAzureClients(clients => clients.AddServiceBusClient(configuration.GetSection("SERVICEBUS")));
            services.AddCosmosClient(configuration.GetSection("COSMOS"), "changefeed-subscriber");
            services.AddEventHandling(configuration);
            services.AddSingleton<IInbox>(provider =>
            {
                var options = provider.GetRequiredService<IOptions<SubscriberOptions>>().Value;
                return new CosmosInbox(provider.GetRequiredService<CosmosClient>().GetContainer(options.Database, options.Container), options.InboxTimeToLive);
            });
            services.AddHostedService<EventSubscriber>();
            return services;
        }
    }
}

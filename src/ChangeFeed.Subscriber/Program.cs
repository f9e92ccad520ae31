using System.CommandLine;
using ChangeFeed.CommandLine;
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
// with managed identity in Azure; what to read under Subscriber (see appsettings.json). --help and --version answer;
// missing settings are listed as a checklist and exit with code 4 (ExitCodes), as in every ChangeFeed program.
return await SubscriberHost.RunAsync(args, CommandConsole.Standard(), CancellationToken.None);

namespace ChangeFeed.Subscriber
{
    public static class SubscriberHost
    {
        private const string Program = "The subscriber";

        private const string Sources =
            "environment variables, and appsettings.json beside the program (src/ChangeFeed.Subscriber/appsettings.json)";

        /// <summary>The subscriber's command line: no command, only <c>--help</c> and <c>--version</c>; otherwise it runs until stopped.</summary>
        public static Task<int> RunAsync(IReadOnlyList<string> args, CommandConsole console, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(console);
            var root = new RootCommand(
                "The sample subscriber: handles the events of one session-enabled subscription in order, once each, until stopped (Ctrl+C, SIGTERM). "
                + $"Settings: SERVICEBUS, COSMOS and Subscriber:* ({Sources}).{Environment.NewLine}{ExitCodes.Description}");
            root.SetAction((_, token) => RunUntilStoppedAsync(console, token));
            return CommandLineInvocation.InvokeAsync(root, args, console, cancellationToken);
        }

        private static async Task<int> RunUntilStoppedAsync(CommandConsole console, CancellationToken cancellationToken)
        {
            // appsettings.json is found beside the program wherever it is started from (dotnet run keeps the caller's directory).
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
            builder.Services.AddSubscriberHost(builder.Configuration);
            using var host = builder.Build();
            if (ConfigurationChecklist.Validate(host.Services) is { Count: > 0 } failures)
            {
                ConfigurationChecklist.Write(console.Error, console.ErrorStyle, Program, failures, Sources);
                return ExitCodes.Configuration;
            }

            await host.RunAsync(cancellationToken);
            return ExitCodes.Ok;
        }

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

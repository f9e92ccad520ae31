using System.CommandLine;
using ChangeFeed.CommandLine;
using ChangeFeed.Cosmos;
using ChangeFeed.ServiceBus;
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
            "appsettings.json beside the program (src/ChangeFeed.Subscriber/appsettings.json), the Values of the file given with --settings "
            + "(a Functions local.settings.json), and environment variables, which win over both (as with func start)";

        /// <summary>The subscriber's command line: no command, <c>--settings</c>, <c>--verbose</c>, <c>--help</c> and <c>--version</c>; otherwise it runs until stopped.</summary>
        public static Task<int> RunAsync(IReadOnlyList<string> args, CommandConsole console, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(console);
            var settings = new Option<string?>("--settings")
            {
                Description = "A Functions local.settings.json whose Values to use (environment variables win over them), e.g. local.settings.sample.json for the emulators.",
                HelpName = "FILE",
            };
            var verbose = new Option<bool>("--verbose") { Description = "After a failure's one-line description, print its full details." };
            var root = new RootCommand(
                "The sample subscriber: handles the events of one session-enabled subscription in order, once each, until stopped (Ctrl+C, SIGTERM). "
                + $"Settings: SERVICEBUS, COSMOS and Subscriber:* ({Sources}).{Environment.NewLine}{ExitCodes.Description}")
            {
                settings,
                verbose,
            };
            Examples.Add(root,
                "dotnet run --project src/ChangeFeed.Subscriber -- --settings local.settings.sample.json     # the local emulators",
                "Subscriber__Topic=orders-stream dotnet run --project src/ChangeFeed.Subscriber -- --settings local.settings.sample.json");
            root.SetAction((parse, token) => RunUntilStoppedAsync(console, parse.GetValue(settings), parse.GetValue(verbose), token));
            return CommandLineInvocation.InvokeAsync(root, args, console, cancellationToken);
        }

        private static async Task<int> RunUntilStoppedAsync(CommandConsole console, string? settingsFile, bool verbose, CancellationToken cancellationToken)
        {
            // appsettings.json is found beside the program wherever it is started from (dotnet run keeps the caller's directory).
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
            if (settingsFile is not null)
            {
                try
                {
                    builder.Configuration.AddInMemoryCollection(LocalSettingsFile.Read(settingsFile));
                }
                catch (InvalidDataException invalid)
                {
                    ConfigurationChecklist.Write(console.Error, console.ErrorStyle, Program, [invalid.Message], Sources);
                    return ExitCodes.Configuration;
                }

                builder.Configuration.AddEnvironmentVariables(); // as func start: the environment wins over the file
            }

            builder.Services.AddSubscriberHost(builder.Configuration);
            // Not disposed when a stop is abandoned: disposing would wait on the very clients that did not end.
            var host = builder.Build();
            var abandoned = false;
            try
            {
                if (ConfigurationChecklist.Validate(host.Services) is { Count: > 0 } failures)
                {
                    ConfigurationChecklist.Write(console.Error, console.ErrorStyle, Program, failures, Sources);
                    return ExitCodes.Configuration;
                }

                // Both services' ports first, at once: a dead one is one line now, not a processor retrying with a warning per attempt.
                var unreachable = await ServiceProbe.UnreachableAsync(Endpoints(host.Services.GetRequiredService<IConfiguration>()), ServiceProbe.DefaultTimeout, cancellationToken);
                if (unreachable.Count > 0)
                {
                    foreach (var (endpoint, found) in unreachable)
                        await console.Error.WriteLineAsync($"{Program} cannot run: {ServiceProbe.Problem(endpoint, found, ServiceProbe.DefaultTimeout)}");
                    return ExitCodes.Failed;
                }

                try
                {
                    await host.StartAsync(cancellationToken);
                    abandoned = !await StoppedAsync(console, host, cancellationToken);
                    return ExitCodes.Ok;
                }
                catch (Exception failure) when (failure is not OperationCanceledException)
                {
                    await console.Error.WriteLineAsync($"{Program} stopped: {failure.GetType().Name}: {failure.Message.Split('\n')[0].Trim()} (--verbose shows the details)");
                    if (verbose)
                        await console.Error.WriteLineAsync(failure.ToString());
                    return ExitCodes.Failed;
                }
            }
            finally
            {
                if (!abandoned)
                    host.Dispose();
            }
        }

        /// <summary>
        /// Waits for the first Ctrl+C or SIGTERM, then stops within <see cref="StopSignal.Grace"/>: a message being handled
        /// is cancelled and not completed, so it comes back (its lock is released or expires) and its inbox entry, written
        /// with its effects, makes a second delivery of an already handled message a no-op. What has not ended by then is
        /// abandoned with the process.
        /// </summary>
        /// <returns>False when the stop was abandoned.</returns>
        private static async Task<bool> StoppedAsync(CommandConsole console, IHost host, CancellationToken cancellationToken)
        {
            var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
            var stopAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using (lifetime.ApplicationStopping.Register(() => stopAsked.TrySetResult()))
            await using (cancellationToken.Register(() => stopAsked.TrySetResult()))
                await stopAsked.Task;

            var stop = await StopSignal.WithinGraceAsync(host.StopAsync);
            await console.Error.WriteLineAsync(
                $"{Program} stopped {stop.Seconds} s after the stop signal{(stop.Ended ? "" : ", abandoning what had not ended")}: a message being handled was not completed and comes back.");
            return stop.Ended;
        }

        private static List<ServiceEndpoint> Endpoints(IConfiguration configuration)
        {
            var endpoints = new List<ServiceEndpoint>();
            if (ServiceBusConnection.Address(configuration) is { } bus)
                endpoints.Add(new("Service Bus", configuration["SERVICEBUS"] is { Length: > 0 } ? "SERVICEBUS" : "SERVICEBUS__fullyQualifiedNamespace", bus.Host, bus.Port, bus.Protocol));
            if (CosmosConnection.Address(configuration) is { } cosmos)
                endpoints.Add(new("Cosmos DB", configuration["COSMOS"] is { Length: > 0 } ? "COSMOS" : "COSMOS__accountEndpoint", cosmos.Host, cosmos.Port, cosmos.Scheme.ToUpperInvariant()));
            return endpoints;
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

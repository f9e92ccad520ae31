using System.CommandLine;
using Azure.Messaging.ServiceBus;
using Azure.Storage.Blobs;
using ChangeFeed.BlobStorage;
using ChangeFeed.CommandLine;
using ChangeFeed.Configuration;
using ChangeFeed.Host.Checks;
using ChangeFeed.Host.Configuration;
using ChangeFeed.Hosting;
using ChangeFeed.Routing;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChangeFeed.Host.Commands;

/// <summary>
/// <c>check</c>: before data flows (after <c>azd up</c>, or when an alert fires), connects with the configured identity
/// and verifies everything the relay will need, per route, one line each with what to do about each failure. Reads
/// exactly the settings <c>run</c> reads, changes nothing but a probe document it writes to and deletes from the lease
/// container. Exit code <see cref="ExitCodes.Ok"/> only when every check passed.
/// </summary>
public static class CheckCommand
{
    public const string Name = "check";

    private static readonly TimeSpan ProbeTryTimeout = TimeSpan.FromSeconds(10);

    public static Command Create(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var output = OutputFormat.Create();
        var command = new Command(Name,
            "Verifies with the configured identity everything the relay will need, per route: the account, databases and containers with their "
            + "partition keys, the change feed, the lease and parking containers, the claim check container, the topics. Run it after azd up and when an alert fires.")
        {
            output,
        };
        Examples.Add(command,
            "check --settings local.settings.sample.json                       # the local emulators",
            "check --settings src/ChangeFeed.Functions/local.settings.json     # what azd up deployed, signed in as you",
            "check --output json | jq '.checks[] | select(.outcome == \"failed\")'");
        command.SetAction((parse, cancellationToken) => context.RunInHostAsync(
            parse,
            builder =>
            {
                builder.AddProcessorHostSettings();
                // A check reports, it does not wait out an outage: one try per request, each short.
                builder.Services.PostConfigureAll<ServiceBusClientOptions>(options =>
                {
                    options.RetryOptions.MaxRetries = 0;
                    options.RetryOptions.TryTimeout = ProbeTryTimeout;
                });
                builder.Services.PostConfigureAll<BlobClientOptions>(options =>
                {
                    options.Retry.MaxRetries = 0;
                    options.Retry.NetworkTimeout = ProbeTryTimeout;
                });
            },
            (services, stopping) => CheckAsync(services, context.Console, parse.GetValue(output) == OutputFormat.Json, stopping),
            cancellationToken));
        return command;
    }

    private static async Task<int> CheckAsync(IServiceProvider services, CommandConsole console, bool json, CancellationToken cancellationToken)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var host = services.GetRequiredService<IOptions<ProcessorHostOptions>>().Value;
        var catalog = services.GetRequiredService<RouteCatalog>();
        var routes = host.RouteNames(catalog.All.Select(route => route.Name)).Select(catalog.Get).ToList();
        var endpoints = RelayEndpoints.All(configuration).Where(endpoint => endpoint.Service != RelayEndpoints.ClaimCheck || routes.Any(route => route.LargeEvents == LargeEventHandling.ClaimCheck)).ToList();
        if (console.ErrorStyle.IsTerminal)
            await console.Error.WriteLineAsync($"checking {string.Join(", ", endpoints.Select(endpoint => $"{endpoint.Service} at {endpoint.Host}:{endpoint.Port}"))} …");

        // Each service's port first, all at once: one that does not answer is one line, and what depends on it is skipped.
        var unreachable = (await ServiceProbe.UnreachableAsync(endpoints, ServiceProbe.DefaultTimeout, cancellationToken))
            .ToDictionary(
                probe => probe.Endpoint.Service,
                probe => CheckResult.Fail(ServiceProbe.Finding(probe.Endpoint, probe.Found, ServiceProbe.DefaultTimeout), probe.Endpoint.Advice));
        var readiness = new RelayReadiness(
            new CosmosReadiness(services.GetRequiredService<CosmosClient>(), Credentials.Of(configuration, RelaySettings.Cosmos), RelayEndpoints.Cosmos(configuration)),
            new ServiceBusReadiness(services.GetRequiredService<ServiceBusClient>(), Credentials.Of(configuration, RelaySettings.ServiceBus), RelayEndpoints.Bus(configuration)),
            ClaimCheckConnection.IsConfigured(configuration)
                ? new ClaimCheckReadiness(
                    services.GetRequiredService<IAzureClientFactory<BlobServiceClient>>().CreateClient(ClaimCheckConnection.ClientName).GetBlobContainerClient(ClaimCheckConnection.Container(configuration)),
                    Credentials.Of(configuration, ClaimCheckConnection.Section))
                : null,
            configuration,
            host,
            unreachable);

        var report = new CheckReport(console.Output, console.OutputStyle, json);
        await readiness.RunAsync(routes, report, cancellationToken);
        await report.SummaryAsync();
        return report.AllPassed ? ExitCodes.Ok : ExitCodes.Failed;
    }
}

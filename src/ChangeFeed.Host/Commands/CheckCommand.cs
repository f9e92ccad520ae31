using System.CommandLine;
using Azure.Messaging.ServiceBus;
using Azure.Storage.Blobs;
using ChangeFeed.BlobStorage;
using ChangeFeed.CommandLine;
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

    public static Command Create(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = new Command(Name,
            "Verifies with the configured identity everything the relay will need, per route: the account, databases and containers with their "
            + "partition keys, the change feed, the lease and parking containers, the claim check container, the topics. Run it after azd up and when an alert fires.");
        command.SetAction((parse, cancellationToken) => context.RunInHostAsync(
            parse, builder => builder.AddProcessorHostSettings(), (services, stopping) => CheckAsync(services, context.Console, stopping), cancellationToken));
        return command;
    }

    private static async Task<int> CheckAsync(IServiceProvider services, CommandConsole console, CancellationToken cancellationToken)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var host = services.GetRequiredService<IOptions<ProcessorHostOptions>>().Value;
        var catalog = services.GetRequiredService<RouteCatalog>();
        var routes = host.RouteNames(catalog.All.Select(route => route.Name)).Select(catalog.Get).ToList();
        var readiness = new RelayReadiness(
            new CosmosReadiness(services.GetRequiredService<CosmosClient>(), Credentials.Of(configuration, RelaySettings.Cosmos)),
            new ServiceBusReadiness(services.GetRequiredService<ServiceBusClient>(), Credentials.Of(configuration, RelaySettings.ServiceBus)),
            ClaimCheckConnection.IsConfigured(configuration)
                ? new ClaimCheckReadiness(
                    services.GetRequiredService<IAzureClientFactory<BlobServiceClient>>().CreateClient(ClaimCheckConnection.ClientName).GetBlobContainerClient(ClaimCheckConnection.Container(configuration)),
                    Credentials.Of(configuration, ClaimCheckConnection.Section))
                : null,
            configuration,
            host);

        var report = new CheckReport(console.Output, console.OutputStyle);
        await readiness.RunAsync(routes, report, cancellationToken);
        await report.SummaryAsync();
        return report.AllPassed ? ExitCodes.Ok : ExitCodes.Failed;
    }
}

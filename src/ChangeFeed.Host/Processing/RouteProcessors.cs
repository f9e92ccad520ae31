using ChangeFeed.Host.Configuration;
using ChangeFeed.Routing;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ChangeFeed.Hosting;

namespace ChangeFeed.Host.Processing;

/// <summary>
/// Runs one change feed processor per selected route for the life of the host. On stop, relaying stops first (a page
/// being relayed is abandoned and not checkpointed, a page already relayed is checkpointed while its lease is still
/// owned), then the processors stop.
/// The clients, routes and relay are resolved in <see cref="StartAsync"/>, after the settings were validated, so
/// that a missing setting stops the host with the validator's message rather than a client's.
/// </summary>
public sealed class RouteProcessors(IServiceProvider services, ILogger<RouteProcessors> logger) : IHostedService
{
    private readonly List<(string Route, ChangeFeedProcessor Processor)> running = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = services.GetRequiredService<IOptions<ProcessorHostOptions>>().Value;
        var configuration = services.GetRequiredService<IConfiguration>();
        var client = services.GetRequiredService<CosmosClient>();
        var routes = services.GetRequiredService<RouteCatalog>();
        var factory = services.GetRequiredService<RouteProcessorFactory>();
        var leases = client.GetContainer(configuration[RelaySettings.CosmosDatabase], configuration[RelaySettings.LeasesContainer]);
        foreach (var name in settings.RouteNames(routes.All.Select(r => r.Name)))
        {
            var route = routes.Get(name);
            var monitored = client.GetContainer(route.Database, route.Container);
            var processor = await ProcessorStart.StartAsync(route.Name, () => factory.Create(route, monitored, leases, settings), logger);
            running.Add((route.Name, processor));
            logger.LogInformation(
                "Route {Route}: change feed processor started on {Database}/{Container} ({Mode}, instance {Instance})",
                route.Name, route.Database, route.Container, settings.ParsedMode, settings.EffectiveInstanceName);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await services.GetRequiredService<ReadAhead>().StopAsync();
        foreach (var (route, processor) in running)
        {
            await processor.StopAsync();
            logger.LogInformation("Route {Route}: change feed processor stopped", route);
        }

        running.Clear();
    }
}

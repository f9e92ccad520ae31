using ChangeFeed.Host.Configuration;
using ChangeFeed.Routing;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ChangeFeed.Hosting;

namespace ChangeFeed.Host.Telemetry;

/// <summary>
/// Reads the change feed estimator of every running route every <see cref="ProcessorHostOptions.EstimatorInterval"/>,
/// feeds <see cref="ChangeFeedLag"/> and logs the figure. A failed estimate is logged and tried again next time.
/// Resolves the client when it runs, after the settings were validated.
/// </summary>
public sealed class LagEstimator(IServiceProvider services, ChangeFeedLag lag, TimeProvider timeProvider, ILogger<LagEstimator> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = services.GetRequiredService<IOptions<ProcessorHostOptions>>().Value;
        if (settings.EstimatorInterval <= TimeSpan.Zero)
            return;

        var configuration = services.GetRequiredService<IConfiguration>();
        var client = services.GetRequiredService<CosmosClient>();
        var routes = services.GetRequiredService<RouteCatalog>();

        var leases = client.GetContainer(configuration[RelaySettings.CosmosDatabase], configuration[RelaySettings.LeasesContainer]);
        var estimators = settings.RouteNames(routes.All.Select(r => r.Name))
            .Select(routes.Get)
            .Select(route => (route.Name, Estimator: client.GetContainer(route.Database, route.Container).GetChangeFeedEstimator(route.Name, leases)))
            .ToList();
        using var timer = new PeriodicTimer(settings.EstimatorInterval, timeProvider);
        do
        {
            foreach (var (route, estimator) in estimators)
                await EstimateAsync(route, estimator, stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task EstimateAsync(string route, ChangeFeedEstimator estimator, CancellationToken cancellationToken)
    {
        try
        {
            long total = 0;
            var leaseCount = 0;
            using var states = estimator.GetCurrentStateIterator();
            while (states.HasMoreResults)
            {
                foreach (var state in await states.ReadNextAsync(cancellationToken))
                {
                    total += state.EstimatedLag;
                    leaseCount++;
                }
            }

            lag.Record(route, total);
            logger.LogInformation("Route {Route}: estimated lag {Lag} changes over {Leases} leases", route, total, leaseCount);
        }
        catch (Exception exception) when (exception is CosmosException or InvalidOperationException)
        {
            logger.LogWarning(exception, "Route {Route}: the change feed estimator failed; trying again in the next interval", route);
        }
    }
}

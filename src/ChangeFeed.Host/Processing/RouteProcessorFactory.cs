using System.Net;
using ChangeFeed.Cosmos;
using ChangeFeed.Host.Configuration;
using ChangeFeed.Reading;
using ChangeFeed.Routing;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;

namespace ChangeFeed.Host.Processing;

/// <summary>
/// Builds the change feed processor of one route: processor name = route name, leases in the lease container.
/// Latest-version mode hands each page to <see cref="ReadAhead"/>, which relays it before the handler returns and
/// checkpoints by hand behind, while the processor reads the next page; all-versions-and-deletes mode relays in the
/// handler and lets the SDK checkpoint, which it does only after the handler returned (so it cannot read ahead); its
/// pages come as <see cref="FullFidelityPage"/> bytes through the client's <see cref="CosmosDocumentSerializer"/>.
/// </summary>
public sealed class RouteProcessorFactory(BatchRelay batchRelay, ReadAhead readAhead, ChangeReader reader, ILogger<RouteProcessorFactory> logger)
{
    public ChangeFeedProcessor Create(Route route, Container monitored, Container leases, ProcessorHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(monitored);
        ArgumentNullException.ThrowIfNull(options);
        var builder = options.ParsedMode == ProcessorMode.AllVersionsAndDeletes
            ? monitored.GetChangeFeedProcessorBuilderWithAllVersionsAndDeletes<FullFidelityPage>(
                route.Name, async (context, pages, cancellationToken) =>
                {
                    var documents = pages.Select(page => AllVersionsChange.ReadPage(page.Current, reader, route.Name, context.LeaseToken)).ToList();
                    try
                    {
                        await batchRelay.RelayAsync(route.Name, context.LeaseToken, [.. documents.SelectMany(page => page)], cancellationToken);
                    }
                    finally
                    {
                        documents.ForEach(page => page.Dispose());
                    }
                })
            : monitored.GetChangeFeedProcessorBuilderWithManualCheckpoint(
                route.Name, async (context, changes, checkpointAsync, cancellationToken) =>
                {
                    // Relayed before the handler returns (ReadAhead): the documents are not used after it.
                    using var documents = await ChangeFeedPage.ReadAsync(changes, reader, route.Name, context.LeaseToken, cancellationToken);
                    await readAhead.HandOverAsync(route.Name, context.LeaseToken, documents, checkpointAsync, cancellationToken);
                });

        builder = builder
            .WithInstanceName(options.EffectiveInstanceName)
            .WithLeaseContainer(leases)
            .WithPollInterval(options.PollInterval)
            .WithMaxItems(options.MaxItemsPerBatch)
            .WithLeaseConfiguration(options.LeaseAcquireInterval, options.LeaseExpirationInterval, options.LeaseRenewInterval)
            .WithErrorNotification((lease, exception) => OnErrorAsync(route.Name, lease, exception))
            .WithLeaseAcquireNotification(lease => Log(route.Name, lease, "acquired"))
            .WithLeaseReleaseNotification(lease =>
            {
                readAhead.Release(route.Name, lease);
                return Log(route.Name, lease, "released");
            });
        if (options.ParsedStartFrom == StartPosition.Beginning)
            builder = builder.WithStartTime(DateTime.MinValue.ToUniversalTime()); // the SDK's documented way to read from the beginning
        return builder.Build();
    }

    internal Task OnErrorAsync(string route, string lease, Exception exception)
    {
        // The relay's own failures were logged with their back-off where they happened.
        if (exception is ChangeFeedProcessorUserException { InnerException: RelayFailedException or OperationCanceledException or LeaseLostException })
            logger.LogDebug("Route {Route}, lease {Lease}: batch not checkpointed ({Reason})", route, lease, exception.InnerException.Message);
        else if (exception is CosmosException { StatusCode: HttpStatusCode.PreconditionFailed })
            // How the processor reports a lease that another instance took over by load balancing: normal when scaling.
            logger.LogInformation("Route {Route}: lease {Lease} taken over by another instance", route, lease);
        else
            logger.LogError(exception, "Route {Route}, lease {Lease}: change feed processor error", route, lease);
        return Task.CompletedTask;
    }

    private Task Log(string route, string lease, string what)
    {
        logger.LogInformation("Route {Route}: lease {Lease} {What}", route, lease, what);
        return Task.CompletedTask;
    }
}

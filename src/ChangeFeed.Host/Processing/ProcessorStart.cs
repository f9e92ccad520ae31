using System.Net;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;

namespace ChangeFeed.Host.Processing;

/// <summary>
/// Starts a route's change feed processor. Instances started together on a new lease container race to initialize
/// it: the SDK's bootstrapper checks for its "initialized" marker, takes the initialization lock and writes the marker,
/// and an instance that checked before another wrote the marker but took the lock after it was released writes the
/// marker again and fails with 409 Conflict (Microsoft.Azure.Cosmos 3.64, BootstrapperCore). The leases are then in
/// place: a new processor started once more finds them initialized.
/// </summary>
internal static class ProcessorStart
{
    public static async Task<ChangeFeedProcessor> StartAsync(string route, Func<ChangeFeedProcessor> create, ILogger logger)
    {
        var processor = create();
        try
        {
            await processor.StartAsync();
            return processor;
        }
        catch (CosmosException exception) when (exception.StatusCode == HttpStatusCode.Conflict)
        {
            logger.LogInformation("Route {Route}: another instance initialized the leases at the same moment; starting the processor again", route);
        }

        processor = create();
        await processor.StartAsync();
        return processor;
    }
}

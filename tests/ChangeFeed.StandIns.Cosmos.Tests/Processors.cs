using Microsoft.Azure.Cosmos;

namespace ChangeFeed.StandIns.Cosmos.Tests;

/// <summary>Processor settings that keep the suite fast: short poll, lease acquire and renew intervals.</summary>
internal static class Processors
{
    public static ChangeFeedProcessor Fast(this ChangeFeedProcessorBuilder builder, Container leases, string instance = "host-1") =>
        builder
            .WithInstanceName(instance)
            .WithLeaseContainer(leases)
            .WithPollInterval(TimeSpan.FromMilliseconds(100))
            .WithLeaseConfiguration(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1))
            .Build();

    public static async Task<(Container Items, Container Leases)> NewMonitoredAsync(this StandInFixture fixture)
    {
        var items = await fixture.NewContainerAsync();
        var leases = await fixture.StandIn.CreateLeaseContainerAsync(items.Database.Id);
        return (items, leases);
    }

    /// <summary>Sum of the estimator's lag over all leases (null while there are no leases yet).</summary>
    public static async Task<long?> LagAsync(this ChangeFeedEstimator estimator)
    {
        using var states = estimator.GetCurrentStateIterator();
        long? lag = null;
        while (states.HasMoreResults)
        {
            foreach (var state in await states.ReadNextAsync())
            {
                lag = (lag ?? 0) + state.EstimatedLag;
            }
        }

        return lag;
    }

    public static async Task WriteAsync(this Container container, IEnumerable<Doc> docs)
    {
        foreach (var doc in docs)
        {
            await container.UpsertItemAsync(doc, new PartitionKey(doc.Pk));
        }
    }

    public static IEnumerable<Doc> Docs(string prefix, int count) =>
        Enumerable.Range(1, count).Select(i => new Doc($"{prefix}{i}", $"p{i % 3}", i));
}

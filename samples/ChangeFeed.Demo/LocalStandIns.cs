using ChangeFeed.StandIns.Cosmos;
using ChangeFeed.StandIns.ServiceBus;
using Microsoft.Azure.Cosmos;

namespace ChangeFeed.Demo;

/// <summary>
/// The test suite's stand-ins, started for the demo: the Node Cosmos DB stand-in (tests/stand-ins/cosmos) and the
/// in-process Service Bus stand-in, with the demo's containers, topics and subscriptions. Test infrastructure, not
/// emulators: they serve the official clients for what the suite needs (their READMEs list what they do not do).
/// </summary>
internal sealed class LocalStandIns : IAsyncDisposable
{
    private LocalStandIns(CosmosStandIn cosmos, ServiceBusStandIn serviceBus)
    {
        Cosmos = cosmos;
        ServiceBus = serviceBus;
    }

    public CosmosStandIn Cosmos { get; }

    public ServiceBusStandIn ServiceBus { get; }

    public static async Task<LocalStandIns> StartAsync(CancellationToken cancellationToken)
    {
        // The demo is always local: a CHANGEFEED_E2E_COSMOS left in the environment must not send it to a real account.
        // The Node process ignores the terminal's Ctrl+C (it reaches the whole process group): the demo stops it last.
        var cosmos = await CosmosStandIn.StartAsync(new CosmosStandInOptions { ConnectionString = "", IgnoreInterrupt = true }, cancellationToken);
        var serviceBus = await ServiceBusStandIn.StartAsync();
        var standIns = new LocalStandIns(cosmos, serviceBus);
        try
        {
            await standIns.CreateEntitiesAsync(cancellationToken);
            return standIns;
        }
        catch
        {
            await standIns.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client of the Cosmos DB stand-in (its certificate pinned); the caller disposes it.</summary>
    public CosmosClient CreateCosmosClient(string application) => Cosmos.CreateClient(options =>
    {
        options.ApplicationName = application;
        options.Serializer = new ChangeFeed.Cosmos.CosmosDocumentSerializer();
    });

    private async Task CreateEntitiesAsync(CancellationToken cancellationToken)
    {
        await Cosmos.CreateLeaseContainerAsync(DemoTopology.Database, cancellationToken: cancellationToken);
        await Cosmos.CreateContainerAsync(DemoTopology.Database, "parked", "/sourceContainer", cancellationToken);
        await Cosmos.CreateContainerAsync(DemoTopology.Database, DemoTopology.OutboxContainer, DemoTopology.PartitionKeyPath, cancellationToken);
        await Cosmos.CreateContainerAsync(DemoTopology.Database, DemoTopology.CdcContainer, DemoTopology.PartitionKeyPath, cancellationToken);
        await Cosmos.CreateContainerAsync(DemoTopology.Database, "projections", "/partitionKey", cancellationToken);
        foreach (var topic in DemoTopology.RouteOfTopic.Keys)
        {
            ServiceBus.AddTopic(topic, duplicateDetectionWindow: TimeSpan.FromMinutes(10))
                .AddSubscription(DemoTopology.SubscriberSubscription, requiresSession: true)
                .AddSubscription(DemoTopology.ViewSubscription);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ServiceBus.DisposeAsync();
        await Cosmos.DisposeAsync();
    }
}

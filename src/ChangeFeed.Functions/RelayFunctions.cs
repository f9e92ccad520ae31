using System.Text.Json;
using Microsoft.Azure.Functions.Worker;

namespace ChangeFeed.Functions;

/// <summary>
/// One function per watched container; each hands the change feed batch to the <see cref="Relay"/>.
/// <para>
/// No change is lost: the Cosmos DB trigger checkpoints even when the function throws, so every function retries
/// without limit (1 s to 5 min back-off) and the checkpoint stays put until the batch is published. Poison documents
/// do not throw: the relay parks them. The settings between % signs are app settings (<see cref="AppSettings"/>).
/// </para>
/// To watch another container: copy a function, give it its own name, container setting, lease prefix and route.
/// </summary>
public sealed class RelayFunctions(Relay relay)
{
    [Function(nameof(RelayDocumentChanges))]
    [ExponentialBackoffRetry(-1, "00:00:01", "00:05:00")]
    public Task RelayDocumentChanges(
        [CosmosDBTrigger("%COSMOS_DATABASE%", "%ORDERS_CONTAINER%", Connection = "COSMOS",
            LeaseDatabaseName = "%COSMOS_DATABASE%", LeaseContainerName = "%COSMOS_LEASES_CONTAINER%",
            LeaseContainerPrefix = "orders-", CreateLeaseContainerIfNotExists = false)]
        IReadOnlyList<JsonElement> changes,
        CancellationToken cancellationToken) =>
        relay.ProcessAsync(changes, Routes.Orders, cancellationToken);

    [Function(nameof(RelayOutbox))]
    [ExponentialBackoffRetry(-1, "00:00:01", "00:05:00")]
    public Task RelayOutbox(
        [CosmosDBTrigger("%COSMOS_DATABASE%", "%OUTBOX_CONTAINER%", Connection = "COSMOS",
            LeaseDatabaseName = "%COSMOS_DATABASE%", LeaseContainerName = "%COSMOS_LEASES_CONTAINER%",
            LeaseContainerPrefix = "outbox-", CreateLeaseContainerIfNotExists = false)]
        IReadOnlyList<JsonElement> changes,
        CancellationToken cancellationToken) =>
        relay.ProcessAsync(changes, Routes.Outbox, cancellationToken);

    [Function(nameof(RelayEventStore))]
    [ExponentialBackoffRetry(-1, "00:00:01", "00:05:00")]
    public Task RelayEventStore(
        [CosmosDBTrigger("%COSMOS_DATABASE%", "%EVENTS_CONTAINER%", Connection = "COSMOS",
            LeaseDatabaseName = "%COSMOS_DATABASE%", LeaseContainerName = "%COSMOS_LEASES_CONTAINER%",
            LeaseContainerPrefix = "eventstore-", CreateLeaseContainerIfNotExists = false)]
        IReadOnlyList<JsonElement> changes,
        CancellationToken cancellationToken) =>
        relay.ProcessAsync(changes, Routes.EventStore, cancellationToken);
}

using System.Text;
using ChangeFeed.Reading;
using Microsoft.Azure.Functions.Worker;

namespace ChangeFeed.Functions;

/// <summary>
/// One function per watched container; each hands the change feed batch to the <see cref="Relay"/>.
/// <para>
/// No change is lost: the Cosmos DB trigger checkpoints even when the function throws, so every function retries
/// without limit (1 s to 5 min back-off) and the checkpoint stays put until the batch is published. Poison documents
/// do not throw: the relay parks them. The settings between % signs are app settings (<see cref="Configuration.RequiredAppSettings"/> checks them at start; docs/configuration.md lists them).
/// </para>
/// <para>
/// The trigger is bound to <c>string</c>: the batch exactly as the host sends it (a JSON array). The worker then
/// deserializes nothing (its serializer stops at 64 levels and fails the whole batch for one document it cannot read);
/// the <see cref="ChangeReader"/> reads it with the depth Cosmos DB allows and, for a document it still cannot read,
/// hands the relay a stand-in that is parked with the reason while the rest of the batch goes on.
/// </para>
/// To watch another container: copy a function, give it its own name, container setting, lease prefix and route.
/// </summary>
public sealed class RelayFunctions(Relay relay, ChangeReader reader)
{
    [Function(nameof(RelayDocumentChanges))]
    [ExponentialBackoffRetry(-1, "00:00:01", "00:05:00")]
    public Task RelayDocumentChanges(
        [CosmosDBTrigger("%COSMOS_DATABASE%", "%ORDERS_CONTAINER%", Connection = "COSMOS",
            LeaseDatabaseName = "%COSMOS_DATABASE%", LeaseContainerName = "%COSMOS_LEASES_CONTAINER%",
            LeaseContainerPrefix = "orders-", CreateLeaseContainerIfNotExists = false)]
        string changes,
        CancellationToken cancellationToken) =>
        RelayAsync(changes, Routes.Orders, cancellationToken);

    [Function(nameof(RelayOutbox))]
    [ExponentialBackoffRetry(-1, "00:00:01", "00:05:00")]
    public Task RelayOutbox(
        [CosmosDBTrigger("%COSMOS_DATABASE%", "%OUTBOX_CONTAINER%", Connection = "COSMOS",
            LeaseDatabaseName = "%COSMOS_DATABASE%", LeaseContainerName = "%COSMOS_LEASES_CONTAINER%",
            LeaseContainerPrefix = "outbox-", CreateLeaseContainerIfNotExists = false)]
        string changes,
        CancellationToken cancellationToken) =>
        RelayAsync(changes, Routes.Outbox, cancellationToken);

    [Function(nameof(RelayEventStore))]
    [ExponentialBackoffRetry(-1, "00:00:01", "00:05:00")]
    public Task RelayEventStore(
        [CosmosDBTrigger("%COSMOS_DATABASE%", "%EVENTS_CONTAINER%", Connection = "COSMOS",
            LeaseDatabaseName = "%COSMOS_DATABASE%", LeaseContainerName = "%COSMOS_LEASES_CONTAINER%",
            LeaseContainerPrefix = "eventstore-", CreateLeaseContainerIfNotExists = false)]
        string changes,
        CancellationToken cancellationToken) =>
        RelayAsync(changes, Routes.EventStore, cancellationToken);

    // The trigger does not tell which lease a batch came from.
    private async Task<RelayResult> RelayAsync(string batch, string route, CancellationToken cancellationToken)
    {
        using var changes = reader.ReadBatch(Encoding.UTF8.GetBytes(batch), route, lease: null);
        return await relay.ProcessAsync(changes, route, cancellationToken);
    }
}

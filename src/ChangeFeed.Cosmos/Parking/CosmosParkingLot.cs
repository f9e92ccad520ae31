using System.Text.Json;
using ChangeFeed.Parking;
using Microsoft.Azure.Cosmos;

namespace ChangeFeed.Cosmos.Parking;

/// <summary>
/// Keeps parked changes in a Cosmos DB container (partition key <c>/sourceContainer</c>), one item per change with id
/// <see cref="ParkedChange.Id"/>: parking the same change again replaces its item instead of adding one.
/// </summary>
public sealed class CosmosParkingLot(Container container, CosmosParkingLotOptions options) : IParkingLot
{
    public async Task ParkAsync(IReadOnlyList<ParkedChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var change in changes)
        {
            var record = ParkedChangeRecord.From(change, options.TimeToLive);
            using var body = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(record, DocumentLimits.SerializerOptions));
            using var response = await container.UpsertItemStreamAsync(body, new PartitionKey(record.SourceContainer), cancellationToken: cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new CosmosParkingException(
                    $"Could not park change {change.Id} ({change.SourceContainer}, document {change.DocumentId}) in container {container.Id}: {(int)response.StatusCode} {response.ErrorMessage}",
                    response.StatusCode);
            }
        }
    }
}

using Azure.Storage.Blobs;
using ChangeFeed.StandIns.Azurite;

namespace ChangeFeed.BlobStorage.Tests;

/// <summary>A store that cannot reach Blob Storage throws (the publisher then fails the relay); it works once storage is back.</summary>
public sealed class a_stopped_azurite_fails_the_store_until_it_is_back
{
    [Fact]
    public async Task and_the_same_event_is_stored_once_it_is_back()
    {
        await using var azurite = await Azurite.StartAsync(new AzuriteOptions { ConnectionString = "" }); // always Azurite: it is stopped
        var container = await azurite.CreateContainerAsync("claims");
        var store = new BlobClaimCheckStore(azurite.CreateServiceClient(new BlobClientOptions { Retry = { MaxRetries = 1, Delay = TimeSpan.FromMilliseconds(50) } })
            .GetBlobContainerClient(container.Name));
        var integrationEvent = Events.Large("event-1", Events.Json(300 * 1024));

        await azurite.StopAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => store.StoreAsync(integrationEvent, CancellationToken.None));
        await azurite.StartAgainAsync();
        var dataRef = await store.StoreAsync(integrationEvent, CancellationToken.None);

        Assert.True((await store.ReadAsync(dataRef, CancellationToken.None))!.Value.Span.SequenceEqual(integrationEvent.Data.Span));
    }
}

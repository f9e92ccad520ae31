using System.Text;

namespace ChangeFeed.BlobStorage.Tests;

[Collection(OneAzurite.Name)]
public sealed class data_is_stored_under_its_event_id_and_read_back_as_it_was(AzuriteFixture azurite)
{
    [Theory]
    [InlineData(300 * 1024)]
    [InlineData(1900 * 1024)]
    public async Task at_the_uri_named_by_topic_and_id_with_its_content_type(int size)
    {
        var (store, _) = await azurite.NewStoreAsync();
        var integrationEvent = Events.Large("0f8fad5b-d9cb-869f-a165-70867728950e", Events.Json(size)) with { DataContentType = "application/json; charset=utf-8" };

        var dataRef = await store.StoreAsync(integrationEvent, CancellationToken.None);
        var read = await store.ReadAsync(dataRef, CancellationToken.None);

        Assert.Equal($"{store.ContainerUri}/orders-cdc/0f8fad5b-d9cb-869f-a165-70867728950e", dataRef.ToString());
        Assert.NotNull(read);
        Assert.True(read.Value.Span.SequenceEqual(integrationEvent.Data.Span), "the data read back differs from the data stored");
        var properties = await azurite.Azurite.CreateServiceClient().GetBlobContainerClient(ContainerName(store)).GetBlobClient("orders-cdc/0f8fad5b-d9cb-869f-a165-70867728950e").GetPropertiesAsync();
        Assert.Equal("application/json; charset=utf-8", properties.Value.ContentType);
    }

    [Fact]
    public async Task and_a_retried_relay_overwrites_the_same_blob()
    {
        var (store, _) = await azurite.NewStoreAsync();
        var first = Events.Large("event-1", """{"attempt":1}""");
        var second = first with { Data = Encoding.UTF8.GetBytes("""{"attempt":2}""") };

        var firstRef = await store.StoreAsync(first, CancellationToken.None);
        var secondRef = await store.StoreAsync(second, CancellationToken.None);

        Assert.Equal(firstRef, secondRef);
        Assert.Equal("""{"attempt":2}""", Encoding.UTF8.GetString((await store.ReadAsync(firstRef, CancellationToken.None))!.Value.Span));
        var blobs = new List<string>();
        await foreach (var blob in azurite.Azurite.CreateServiceClient().GetBlobContainerClient(ContainerName(store)).GetBlobsAsync())
            blobs.Add(blob.Name);
        Assert.Equal(["orders-cdc/event-1"], blobs);
    }

    [Fact]
    public async Task an_id_that_is_not_a_plain_name_gets_its_hash_as_name_and_still_reads_back()
    {
        var (store, _) = await azurite.NewStoreAsync();
        var integrationEvent = Events.Large("order 1/ä?#.", """{"ok":true}""", topic: "billing/events");

        var dataRef = await store.StoreAsync(integrationEvent, CancellationToken.None);

        Assert.StartsWith($"{store.ContainerUri}/billing/events/sha256-", dataRef.ToString(), StringComparison.Ordinal);
        Assert.Equal("""{"ok":true}""", Encoding.UTF8.GetString((await store.ReadAsync(dataRef, CancellationToken.None))!.Value.Span));
    }

    [Fact]
    public async Task nothing_stored_there_reads_as_null()
    {
        var (store, _) = await azurite.NewStoreAsync();

        Assert.Null(await store.ReadAsync(new Uri($"{store.ContainerUri}/orders-cdc/expired-long-ago"), CancellationToken.None));
    }

    private static string ContainerName(BlobClaimCheckStore store) => store.ContainerUri.Segments[^1];
}

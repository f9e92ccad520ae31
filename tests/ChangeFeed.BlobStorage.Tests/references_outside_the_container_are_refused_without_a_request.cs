namespace ChangeFeed.BlobStorage.Tests;

/// <summary>A subscriber's credential must never go where a message points it: only this container is read.</summary>
[Collection(OneAzurite.Name)]
public sealed class references_outside_the_container_are_refused_without_a_request(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("https://attacker.example/devstoreaccount1/{container}/orders-cdc/id")]
    [InlineData("http://127.0.0.2:{port}/devstoreaccount1/{container}/orders-cdc/id")]
    [InlineData("http://127.0.0.1:1/devstoreaccount1/{container}/orders-cdc/id")]
    [InlineData("https://127.0.0.1:{port}/devstoreaccount1/{container}/orders-cdc/id")]
    [InlineData("http://127.0.0.1:{port}/otheraccount/{container}/orders-cdc/id")]
    [InlineData("http://127.0.0.1:{port}/devstoreaccount1/other-container/orders-cdc/id")]
    [InlineData("http://127.0.0.1:{port}/devstoreaccount1/{container}")]
    [InlineData("http://127.0.0.1:{port}/devstoreaccount1/{container}/orders-cdc/id?snapshot=2026-01-01")]
    [InlineData("/devstoreaccount1/{container}/orders-cdc/id")]
    public async Task any_other_host_port_scheme_account_container_or_query(string template)
    {
        var (store, requests) = await azurite.NewStoreAsync();
        var dataRef = new Uri(template
            .Replace("{port}", store.ContainerUri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{container}", store.ContainerUri.Segments[^1], StringComparison.Ordinal), UriKind.RelativeOrAbsolute);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.ReadAsync(dataRef, CancellationToken.None));

        Assert.Contains("is not a blob of the claim check container", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, requests.Count);
    }
}

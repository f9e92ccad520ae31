using ChangeFeed.Publishing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeFeed.BlobStorage.Tests;

[Collection(OneAzurite.Name)]
public sealed class settings_register_the_store_and_name_what_is_wrong(AzuriteFixture azurite)
{
    [Fact]
    public async Task a_connection_string_in_CLAIMCHECK_gives_a_store_on_CLAIMCHECK_CONTAINER()
    {
        var container = "large-" + Guid.NewGuid().ToString("N")[..8];
        await azurite.Azurite.CreateContainerAsync(container);
        using var provider = Provider(new() { ["CLAIMCHECK"] = azurite.Azurite.ConnectionString, ["CLAIMCHECK_CONTAINER"] = container });

        var store = provider.GetRequiredService<IClaimCheckStore>();
        var dataRef = await store.StoreAsync(Events.Large("event-1", """{"a":1}"""), CancellationToken.None);

        Assert.EndsWith($"/{container}/orders-cdc/event-1", dataRef.AbsolutePath, StringComparison.Ordinal);
        Assert.NotNull(await store.ReadAsync(dataRef, CancellationToken.None));
    }

    [Fact]
    public void a_service_uri_with_a_managed_identity_gives_a_store_on_the_default_container()
    {
        using var provider = Provider(new()
        {
            ["CLAIMCHECK:serviceUri"] = "https://stlarge.blob.core.windows.net/",
            ["CLAIMCHECK:credential"] = "managedidentity",
            ["CLAIMCHECK:clientId"] = "00000000-0000-0000-0000-000000000001",
        });

        var store = Assert.IsType<BlobClaimCheckStore>(provider.GetRequiredService<IClaimCheckStore>());

        Assert.Equal("https://stlarge.blob.core.windows.net/large-events", store.ContainerUri.ToString());
    }

    [Fact]
    public void without_a_blob_endpoint_nothing_is_registered()
    {
        using var provider = Provider(new() { ["CLAIMCHECK_CONTAINER"] = "large-events" });

        Assert.Null(provider.GetService<IClaimCheckStore>());
    }

    [Theory]
    [InlineData("CLAIMCHECK_CONTAINER", "Large_Events", "CLAIMCHECK_CONTAINER 'Large_Events' is not a blob container name")]
    [InlineData("CLAIMCHECK_CONTAINER", "ab", "CLAIMCHECK_CONTAINER 'ab' is not a blob container name")]
    [InlineData("CLAIMCHECK_CONTAINER", "large--events", "CLAIMCHECK_CONTAINER 'large--events' is not a blob container name")]
    [InlineData("CLAIMCHECK:serviceUri", "stlarge.blob.core.windows.net", "CLAIMCHECK__serviceUri 'stlarge.blob.core.windows.net' is not a blob service URI")]
    [InlineData("CLAIMCHECK:serviceUri", "ftp://stlarge.blob.core.windows.net", "CLAIMCHECK__serviceUri 'ftp://stlarge.blob.core.windows.net' is not a blob service URI")]
    public void a_bad_setting_is_named(string key, string value, string message)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();

        Assert.Contains(ClaimCheckConnection.Errors(configuration), error => error.StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public void good_settings_have_no_errors()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CLAIMCHECK:serviceUri"] = "https://stlarge.blob.core.windows.net/",
            ["CLAIMCHECK_CONTAINER"] = "large-events-2",
        }).Build();

        Assert.Empty(ClaimCheckConnection.Errors(configuration));
    }

    private static ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddBlobClaimCheckWhenConfigured(configuration).BuildServiceProvider();
    }
}

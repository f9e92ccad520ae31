using ChangeFeed.Infra.Tests.Bicep;
using static ChangeFeed.Infra.Tests.Snapshot.ResourceTypes;

namespace ChangeFeed.Infra.Tests.Snapshot;

[Collection(SharedBicepRuns.Name)]
public sealed class Tls_1_2_is_the_minimum(BicepFixture bicep)
{
    [Fact]
    public void storage_requires_tls_1_2_over_https() =>
        Assert.All(bicep.Default.OfType(StorageAccount), storage => Assert.Multiple(
            () => Assert.Equal("TLS1_2", storage.Text("properties.minimumTlsVersion")),
            () => Assert.True(storage.Flag("properties.supportsHttpsTrafficOnly"))));

    [Fact]
    public void cosmos_db_requires_tls_1_2() =>
        Assert.Equal("Tls12", bicep.Default.One(CosmosAccount).Text("properties.minimalTlsVersion"));

    [Fact]
    public void service_bus_requires_tls_1_2() =>
        Assert.Equal("1.2", bicep.Default.One(ServiceBusNamespace).Text("properties.minimumTlsVersion"));

    [Fact]
    public void function_app_requires_https_and_tls_1_2()
    {
        var site = bicep.Default.One(Site);

        Assert.True(site.Flag("properties.httpsOnly"));
        Assert.Equal("1.2", site.Text("properties.siteConfig.minTlsVersion"));
        Assert.Equal("1.2", site.Text("properties.siteConfig.scmMinTlsVersion"));
    }
}

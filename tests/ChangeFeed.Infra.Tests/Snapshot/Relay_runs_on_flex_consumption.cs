using ChangeFeed.Infra.Tests.Bicep;
using static ChangeFeed.Infra.Tests.Snapshot.ResourceTypes;

namespace ChangeFeed.Infra.Tests.Snapshot;

[Collection(SharedBicepRuns.Name)]
public sealed class Relay_runs_on_flex_consumption(BicepFixture bicep)
{
    [Fact]
    public void plan_is_linux_flex_consumption_fc1()
    {
        var plan = bicep.Default.One(Plan);

        Assert.Equal("FC1", plan.Text("sku.name"));
        Assert.Equal("FlexConsumption", plan.Text("sku.tier"));
        Assert.True(plan.Flag("properties.reserved"));
    }

    [Fact]
    public void app_runs_dotnet_isolated_10_on_that_plan()
    {
        var site = bicep.Default.One(Site);

        Assert.Equal("functionapp,linux", site.Text("kind"));
        Assert.Equal(bicep.Default.Id(Plan), site.Text("properties.serverFarmId"));
        Assert.Equal("dotnet-isolated", site.Text("properties.functionAppConfig.runtime.name"));
        Assert.Equal("10.0", site.Text("properties.functionAppConfig.runtime.version"));
        Assert.Equal(100, site.Number("properties.functionAppConfig.scaleAndConcurrency.maximumInstanceCount"));
        Assert.Equal(2048, site.Number("properties.functionAppConfig.scaleAndConcurrency.instanceMemoryMB"));
    }

    [Fact]
    public void deployment_package_is_read_from_blob_storage_with_the_relay_identity()
    {
        var storage = bicep.Default.One(Site).At("properties.functionAppConfig.deployment.storage");
        var host = bicep.Default.HostStorage();
        var container = Assert.Single(bicep.Default.ContainersOf(host)).Text("name").Split('/')[^1];

        Assert.Equal("blobContainer", storage.Text("type"));
        Assert.Equal("UserAssignedIdentity", storage.Text("authentication.type"));
        Assert.Equal(bicep.Default.RelayIdentityId(), storage.Text("authentication.userAssignedIdentityResourceId"));
        Assert.Equal(
            $"[format('{{0}}{{1}}', reference('{host.Text("id")}', '2026-06-01').primaryEndpoints.blob, '{container}')]",
            storage.Text("value"));
    }

    [Fact]
    public void app_runs_as_the_relay_identity_only()
    {
        var identity = bicep.Default.One(Site).At("identity");

        Assert.Equal("UserAssigned", identity.Text("type"));
        Assert.Equal([bicep.Default.RelayIdentityId()], identity.GetProperty("userAssignedIdentities").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void azd_finds_the_app_as_service_relay()
    {
        var tags = bicep.Default.One(Site).At("tags");

        Assert.Equal("relay", tags.Text("azd-service-name"));
        Assert.Equal("snapshot", tags.Text("azd-env-name"));
    }

    [Fact]
    public void ftp_and_basic_publishing_credentials_are_off()
    {
        Assert.Equal("Disabled", bicep.Default.One(Site).Text("properties.siteConfig.ftpsState"));
        var policies = bicep.Default.OfType(PublishingPolicy);

        Assert.Equal(["ftp", "scm"], policies.Select(p => p.Text("name").Split('/')[^1]).Order(StringComparer.Ordinal));
        Assert.All(policies, p => Assert.False(p.Flag("properties.allow")));
    }

    [Fact]
    public void every_resource_carries_the_azd_environment_tag() =>
        Assert.All(
            bicep.Default.Resources.Where(r => r.TryGetProperty("location", out _)),
            r => Assert.Equal("snapshot", r.Text("tags.azd-env-name")));
}

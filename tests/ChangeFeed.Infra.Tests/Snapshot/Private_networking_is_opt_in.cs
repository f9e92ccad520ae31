using ChangeFeed.Infra.Tests.Bicep;
using static ChangeFeed.Infra.Tests.Snapshot.ResourceTypes;

namespace ChangeFeed.Infra.Tests.Snapshot;

/// <summary>vnetEnabled=false (default): public endpoints, no network resources. true: private endpoints.</summary>
[Collection(SharedBicepRuns.Name)]
public sealed class Private_networking_is_opt_in(BicepFixture bicep)
{
    [Fact]
    public void default_deploys_no_network_resources()
    {
        Assert.DoesNotContain(bicep.Default.Resources, r => r.Text("type").StartsWith("Microsoft.Network/", StringComparison.Ordinal));
        Assert.Equal("Enabled", bicep.Default.One(CosmosAccount).Text("properties.publicNetworkAccess"));
        Assert.All(bicep.Default.OfType(StorageAccount), storage => Assert.Equal("Enabled", storage.Text("properties.publicNetworkAccess")));
        Assert.False(bicep.Default.One(Site).Has("properties.virtualNetworkSubnetId"));
    }

    [Theory]
    [InlineData("Sql", CosmosAccount)]
    [InlineData("blob", StorageAccount)]
    [InlineData("namespace", ServiceBusNamespace)]
    public void vnet_gives_each_data_service_a_private_endpoint(string groupId, string serviceType)
    {
        var endpoints = bicep.Private.OfType(PrivateEndpoint)
            .Where(e => e.At("properties.privateLinkServiceConnections")[0].At("properties.groupIds")[0].GetString() == groupId).ToList();
        // Blob: the Function App's storage and the claim check's.
        string[] services = serviceType != StorageAccount ? [bicep.Private.Id(serviceType)]
            : [bicep.Private.HostStorage().Text("id"), bicep.Private.LargeEventsStorage().Text("id")];

        Assert.Equal(services.Order(), endpoints.Select(e => e.At("properties.privateLinkServiceConnections")[0].Text("properties.privateLinkServiceId")).Order());
        Assert.All(endpoints, endpoint =>
        {
            Assert.EndsWith("/subnets/snet-private-endpoints", endpoint.Text("properties.subnet.id"), StringComparison.Ordinal);
            Assert.Single(bicep.Private.OfType(PrivateDnsZoneGroup), g => g.Text("name") == $"{endpoint.Text("name")}/default");
        });
    }

    [Fact]
    public void storage_gets_a_private_endpoint_for_blobs_only()
    {
        // Host storage is blob only (no queue or table role or setting), and so is the claim check's: endpoints for the
        // others would be unused cost.
        Assert.All(bicep.Private.OfType(StorageAccount), account =>
        {
            var groups = bicep.Private.OfType(PrivateEndpoint)
                .Select(e => e.At("properties.privateLinkServiceConnections")[0])
                .Where(c => c.Text("properties.privateLinkServiceId") == account.Text("id"))
                .Select(c => c.At("properties.groupIds")[0].GetString());

            Assert.Equal(["blob"], groups);
        });
    }

    [Fact]
    public void vnet_links_a_private_dns_zone_per_endpoint_kind()
    {
        Assert.Equal(4, bicep.Private.OfType(PrivateEndpoint).Count); // Cosmos DB, Service Bus, two storage accounts' blobs
        Assert.Equal(3, bicep.Private.OfType(PrivateDnsZone).Count);
        Assert.Equal(3, bicep.Private.OfType(PrivateDnsZoneLink).Count);
        Assert.All(bicep.Private.OfType(PrivateDnsZoneLink), l =>
            Assert.Equal(bicep.Private.Id(VirtualNetwork), l.Text("properties.virtualNetwork.id")));
    }

    [Fact]
    public void vnet_turns_public_access_off()
    {
        Assert.Equal("Disabled", bicep.Private.One(CosmosAccount).Text("properties.publicNetworkAccess"));
        Assert.All(bicep.Private.OfType(StorageAccount), storage =>
        {
            Assert.Equal("Disabled", storage.Text("properties.publicNetworkAccess"));
            Assert.Equal("Deny", storage.Text("properties.networkAcls.defaultAction"));
        });
        Assert.Equal("Disabled", bicep.Private.One(ServiceBusNamespace).Text("properties.publicNetworkAccess"));
    }

    [Fact]
    public void vnet_storage_firewall_makes_no_exception_for_trusted_azure_services()
    {
        // As the Flex Consumption quickstarts: with the VNet, nothing reaches storage but its private endpoint.
        Assert.All(bicep.Private.OfType(StorageAccount), storage => Assert.Equal("None", storage.Text("properties.networkAcls.bypass")));
        Assert.All(bicep.Default.OfType(StorageAccount), storage => Assert.Equal("AzureServices", storage.Text("properties.networkAcls.bypass")));
    }

    [Fact]
    public void vnet_integrates_the_app_through_a_delegated_subnet()
    {
        var vnet = bicep.Private.One(VirtualNetwork);
        var appSubnet = Assert.Single(vnet.At("properties.subnets").EnumerateArray(), s => s.Text("name") == "snet-app");

        Assert.Equal("Microsoft.App/environments", appSubnet.At("properties.delegations")[0].Text("properties.serviceName"));
        Assert.Equal($"{vnet.Text("id")}/subnets/snet-app", bicep.Private.One(Site).Text("properties.virtualNetworkSubnetId"));
    }
}

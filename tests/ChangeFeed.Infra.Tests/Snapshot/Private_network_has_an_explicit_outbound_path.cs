using System.Text.Json;
using ChangeFeed.Infra.Tests.Bicep;
using static ChangeFeed.Infra.Tests.Snapshot.ResourceTypes;

namespace ChangeFeed.Infra.Tests.Snapshot;

/// <summary>
/// Flex Consumption sends all of the app's outbound traffic into snet-app. The data services are behind private
/// endpoints; Application Insights ingestion and a Standard Service Bus are reached through a NAT gateway (the default,
/// natGatewayEnabled), never through the platform's implicit default outbound access, and each subnet has an NSG that
/// allows only what the design needs (docs/deploy.md, "Private networking").
/// </summary>
[Collection(SharedBicepRuns.Name)]
public sealed class Private_network_has_an_explicit_outbound_path(BicepFixture bicep)
{
    [Fact]
    public void no_subnet_relies_on_default_outbound_access()
    {
        Assert.All(Subnets(), subnet => Assert.False(subnet.Flag("properties.defaultOutboundAccess"), subnet.Text("name")));
    }

    [Fact]
    public void the_app_subnet_reaches_the_internet_through_the_nat_gateway()
    {
        var nat = bicep.Private.One(NatGateway);
        var ip = bicep.Private.One(PublicIpAddress);

        Assert.Equal(nat.Text("id"), Subnet("snet-app").Text("properties.natGateway.id"));
        Assert.Equal(ip.Text("id"), Assert.Single(nat.At("properties.publicIpAddresses").EnumerateArray()).Text("id"));
        Assert.Equal("Static", ip.Text("properties.publicIPAllocationMethod"));
        Assert.False(Subnet("snet-private-endpoints").Has("properties.natGateway"));
    }

    [Fact]
    public void every_subnet_has_its_own_nsg_and_private_endpoints_obey_it()
    {
        var nsgs = bicep.Private.OfType(NetworkSecurityGroup).Select(n => n.Text("id")).ToList();

        Assert.Equal(2, nsgs.Count);
        Assert.Equal(nsgs.Order(), Subnets().Select(s => s.Text("properties.networkSecurityGroup.id")).Order());
        // NSGs apply to private endpoints only with the subnet's network policies on.
        Assert.Equal("NetworkSecurityGroupEnabled", Subnet("snet-private-endpoints").Text("properties.privateEndpointNetworkPolicies"));
    }

    [Fact]
    public void the_app_may_reach_the_internet_on_https_and_amqps_only()
    {
        var rules = Rules(Subnet("snet-app"));
        var allowInternet = Assert.Single(rules, r => r.Text("properties.access") == "Allow" && r.Text("properties.destinationAddressPrefix") == "Internet");
        var denyInternet = Assert.Single(rules, r => r.Text("properties.access") == "Deny" && r.Text("properties.direction") == "Outbound");

        Assert.Equal(["443", "5671"], Ports(allowInternet));
        Assert.Equal("Internet", denyInternet.Text("properties.destinationAddressPrefix"));
        Assert.True(allowInternet.Number("properties.priority") < denyInternet.Number("properties.priority"));
    }

    [Fact]
    public void private_endpoints_take_only_the_app_subnet_on_the_services_ports()
    {
        var rules = Rules(Subnet("snet-private-endpoints"));
        var allow = Assert.Single(rules, r => r.Text("properties.access") == "Allow");
        var deny = Assert.Single(rules, r => r.Text("properties.access") == "Deny");

        Assert.Equal("Inbound", allow.Text("properties.direction"));
        Assert.Equal(Subnet("snet-app").Text("properties.addressPrefix"), allow.Text("properties.sourceAddressPrefix"));
        Assert.Equal(["10250-10255", "443", "5671"], Ports(allow).Order());
        Assert.Equal("VirtualNetwork", deny.Text("properties.sourceAddressPrefix"));
    }

    [Fact]
    public void without_private_networking_there_is_no_nat_gateway_or_nsg()
    {
        Assert.Empty(bicep.Default.OfType(NatGateway));
        Assert.Empty(bicep.Default.OfType(NetworkSecurityGroup));
        Assert.Contains("${VNET_NAT_GATEWAY=true}", File.ReadAllText(TestPaths.InRepo("infra", "main.parameters.json")), StringComparison.Ordinal);
    }

    private List<JsonElement> Subnets() => [.. bicep.Private.One(VirtualNetwork).At("properties.subnets").EnumerateArray()];

    private JsonElement Subnet(string name) => Assert.Single(Subnets(), s => s.Text("name") == name);

    private List<JsonElement> Rules(JsonElement subnet)
    {
        var nsg = Assert.Single(bicep.Private.OfType(NetworkSecurityGroup), n => n.Text("id") == subnet.Text("properties.networkSecurityGroup.id"));
        return [.. nsg.At("properties.securityRules").EnumerateArray()];
    }

    private static List<string> Ports(JsonElement rule) => [.. rule.At("properties.destinationPortRanges").EnumerateArray().Select(p => p.GetString()!)];
}

using ChangeFeed.Infra.Tests.Bicep;
using static ChangeFeed.Infra.Tests.Snapshot.ResourceTypes;

namespace ChangeFeed.Infra.Tests.Snapshot;

[Collection(SharedBicepRuns.Name)]
public sealed class Cosmos_containers_have_the_designed_keys_and_ttls(BicepFixture bicep)
{
    [Theory]
    [InlineData("orders", "/customerId")]
    [InlineData("outbox", "/partitionKey")]
    [InlineData("events", "/streamId")]
    [InlineData("leases", "/id")]
    [InlineData("parked", "/sourceContainer")]
    [InlineData("projections", "/partitionKey")]
    public void container_is_partitioned_by_its_designed_path(string container, string path)
    {
        var partitionKey = bicep.Default.Named(CosmosContainer, $"changefeed/{container}").At("properties.resource.partitionKey");

        Assert.Equal([path], partitionKey.GetProperty("paths").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("Hash", partitionKey.Text("kind"));
        Assert.Equal(2, partitionKey.Number("version"));
    }

    [Fact]
    public void containers_are_created_one_at_a_time()
    {
        // Containers sharing the database's throughput are refused when created concurrently.
        using var template = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(bicep.BuildDirectory, "modules", "cosmos.json")));
        var containers = template.RootElement.GetProperty("resources").EnumerateObject().Single(r => r.Value.GetProperty("type").GetString() == CosmosContainer).Value;

        Assert.Equal("serial", containers.Text("copy.mode"));
        Assert.Equal(1, containers.Number("copy.batchSize"));
    }

    [Theory]
    [InlineData("orders", -1)]
    [InlineData("outbox", -1)]
    [InlineData("parked", 1209600)]
    [InlineData("projections", -1)]
    public void container_has_ttl_on(string container, int defaultTtl) =>
        Assert.Equal(defaultTtl, bicep.Default.Named(CosmosContainer, $"changefeed/{container}").Number("properties.resource.defaultTtl"));

    [Theory]
    [InlineData("events")]
    [InlineData("leases")]
    public void container_keeps_its_items_forever(string container) =>
        Assert.False(bicep.Default.Named(CosmosContainer, $"changefeed/{container}").Has("properties.resource.defaultTtl"));

    [Fact]
    public void the_database_holds_exactly_the_six_containers()
    {
        Assert.Equal("changefeed", bicep.Default.One(CosmosDatabase).Text("properties.resource.id"));
        Assert.Equal(
            ["events", "leases", "orders", "outbox", "parked", "projections"],
            bicep.Default.OfType(CosmosContainer).Select(c => c.Text("properties.resource.id")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void account_is_serverless_with_periodic_backup_by_default()
    {
        var account = bicep.Default.One(CosmosAccount);

        Assert.Equal(["EnableServerless"], account.At("properties.capabilities").EnumerateArray().Select(c => c.Text("name")));
        Assert.Equal("Periodic", account.Text("properties.backupPolicy.type"));
        Assert.False(bicep.Default.One(CosmosDatabase).Has("properties.options.throughput"));
    }

    [Fact]
    public void provisioned_throughput_and_continuous_backup_are_parameters()
    {
        var account = bicep.Private.One(CosmosAccount);

        Assert.Empty(account.At("properties.capabilities").EnumerateArray());
        Assert.Equal("Continuous", account.Text("properties.backupPolicy.type"));
        Assert.Equal(1000, bicep.Private.One(CosmosDatabase).Number("properties.options.throughput"));
    }

    [Fact]
    public void the_relay_stamps_parked_changes_with_the_container_ttl()
    {
        // 90061 s = 1 day 1 h 1 min 1 s in the private case; the default case is 14 days.
        Assert.Equal(90061, bicep.Private.Named(CosmosContainer, "changefeed/parked").Number("properties.resource.defaultTtl"));
        Assert.Equal("1.01:01:01", bicep.Private.AppSettings()["COSMOS_PARKED_TTL"]);
        Assert.Equal(TimeSpan.FromSeconds(1209600), TimeSpan.Parse(bicep.Default.AppSettings()["COSMOS_PARKED_TTL"], System.Globalization.CultureInfo.InvariantCulture));
    }
}

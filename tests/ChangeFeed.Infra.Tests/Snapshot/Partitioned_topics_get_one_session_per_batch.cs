using System.Text.Json;
using ChangeFeed.Infra.Tests.Bicep;
using static ChangeFeed.Infra.Tests.Snapshot.ResourceTypes;

namespace ChangeFeed.Infra.Tests.Snapshot;

/// <summary>
/// Partitioned Service Bus (docs/scale.md): serviceBusPremiumMessagingPartitions partitions a Premium
/// namespace, serviceBusEnablePartitioning creates Standard topics partitioned, and the same parameter tells the relay
/// (SERVICEBUS_PARTITIONED_TOPICS, and the output local runs read), which cannot read entity properties itself.
/// </summary>
[Collection(SharedBicepRuns.Name)]
public sealed class Partitioned_topics_get_one_session_per_batch(BicepFixture bicep)
{
    private static readonly string[] Topics = ["orders-cdc", "orders-events", "orders-stream"];

    [Fact]
    public void by_default_nothing_is_partitioned_and_the_relay_is_told_so()
    {
        Assert.Equal(JsonValueKind.Null, bicep.Default.One(ServiceBusNamespace).At("properties.premiumMessagingPartitions").ValueKind);
        Assert.All(bicep.Default.OfType(Topic), topic => Assert.False(topic.Flag("properties.enablePartitioning")));
        AssertRelayIsTold(bicep.Default, "");
    }

    [Fact]
    public void a_premium_namespace_with_partitions_has_a_multiple_of_them_in_messaging_units_and_the_relay_partitions_every_topic()
    {
        var serviceBus = bicep.Private.One(ServiceBusNamespace);

        Assert.Equal("Premium", serviceBus.Text("sku.name"));
        Assert.Equal(2, serviceBus.Number("properties.premiumMessagingPartitions"));
        Assert.Equal(0, serviceBus.Number("sku.capacity") % 2);
        // Entities of a partitioned Premium namespace are partitioned by it; the per-entity flag is a Standard one.
        Assert.All(bicep.Private.OfType(Topic), topic => Assert.False(topic.Has("properties.enablePartitioning")));
        AssertRelayIsTold(bicep.Private, "*");
    }

    [Fact]
    public void standard_topics_created_partitioned_are_the_ones_the_relay_is_told_about()
    {
        var topics = bicep.Partitioned.OfType(Topic);

        Assert.Equal("Standard", bicep.Partitioned.One(ServiceBusNamespace).Text("sku.name"));
        Assert.All(topics, topic => Assert.True(topic.Flag("properties.enablePartitioning")));
        Assert.Equal(Topics, topics.Select(t => t.Text("name").Split('/')[^1]).Order(StringComparer.Ordinal));
        AssertRelayIsTold(bicep.Partitioned, string.Join(',', Topics));
        var settings = bicep.Partitioned.AppSettings();
        Assert.All(settings.Where(s => s.Key.EndsWith("__Topic", StringComparison.Ordinal)), route => Assert.Contains(route.Value, Topics));
    }

    [Fact]
    public void the_premium_partitions_parameter_takes_what_service_bus_offers()
    {
        var template = File.ReadAllText(TestPaths.InRepo("infra", "main.bicep")).ReplaceLineEndings("\n");

        Assert.Contains("@allowed([1, 2, 4])\nparam serviceBusPremiumMessagingPartitions int = 1", template, StringComparison.Ordinal);
        Assert.Contains("param serviceBusEnablePartitioning bool = false", template, StringComparison.Ordinal);
    }

    private static void AssertRelayIsTold(DeploymentSnapshot snapshot, string expected)
    {
        Assert.Equal(expected, snapshot.AppSettings()["SERVICEBUS_PARTITIONED_TOPICS"]);
        Assert.Equal(expected, snapshot.Outputs.GetProperty("AZURE_SERVICEBUS_PARTITIONED_TOPICS").GetString());
    }
}

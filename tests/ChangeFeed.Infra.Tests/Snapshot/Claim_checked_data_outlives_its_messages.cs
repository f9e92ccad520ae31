using System.Xml;
using ChangeFeed.Infra.Tests.Bicep;
using static ChangeFeed.Infra.Tests.Snapshot.ResourceTypes;

namespace ChangeFeed.Infra.Tests.Snapshot;

/// <summary>
/// The claim check's storage (docs/large-events.md): one lifecycle rule deletes the data of large events, never before
/// the topics' messages that refer to it have expired; Premium topics can take larger messages instead.
/// </summary>
[Collection(SharedBicepRuns.Name)]
public sealed class Claim_checked_data_outlives_its_messages(BicepFixture bicep)
{
    public static TheoryData<string, int> Retentions => new() { { "main", 30 }, { "private", 45 } };

    [Theory]
    [MemberData(nameof(Retentions))]
    public void one_lifecycle_rule_deletes_the_large_events_container_s_blobs_after_the_retention(string name, int days)
    {
        var snapshot = Snapshot(name);
        var policy = Assert.Single(snapshot.OfType("Microsoft.Storage/storageAccounts/managementPolicies"));
        var rule = Assert.Single(policy.At("properties.policy.rules").EnumerateArray());

        Assert.StartsWith(snapshot.LargeEventsStorage().Text("id") + "/", policy.Text("id"), StringComparison.Ordinal);
        Assert.True(rule.Flag("enabled"));
        Assert.Equal(["blockBlob"], rule.At("definition.filters.blobTypes").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal([$"{StorageAccounts.LargeEventsContainerName}/"], rule.At("definition.filters.prefixMatch").EnumerateArray().Select(p => p.GetString()));
        // Counted from the last write: a relay retried after a failure rewrites the blob, whose message goes out then.
        Assert.Equal(days, rule.Number("definition.actions.baseBlob.delete.daysAfterModificationGreaterThan"));
        Assert.Equal(["delete"], rule.At("definition.actions.baseBlob").EnumerateObject().Select(a => a.Name));
    }

    [Theory]
    [InlineData("main")]
    [InlineData("private")]
    public void the_retention_is_longer_than_any_topic_or_subscription_keeps_a_message(string name)
    {
        var snapshot = Snapshot(name);
        var retention = TimeSpan.FromDays(Assert.Single(snapshot.OfType("Microsoft.Storage/storageAccounts/managementPolicies"))
            .At("properties.policy.rules")[0].Number("definition.actions.baseBlob.delete.daysAfterModificationGreaterThan"));
        var timesToLive = snapshot.OfType(Topic).Concat(snapshot.OfType(Subscription))
            .Select(entity => XmlConvert.ToTimeSpan(entity.Text("properties.defaultMessageTimeToLive"))).ToList();

        Assert.NotEmpty(timesToLive);
        Assert.All(timesToLive, ttl => Assert.True(retention > ttl, $"claim-checked data is deleted after {retention.TotalDays} days, messages live {ttl.TotalDays} days"));
    }

    [Fact]
    public void the_retention_parameter_refuses_less_than_the_message_time_to_live()
    {
        var template = File.ReadAllText(TestPaths.InRepo("infra", "main.bicep"));

        Assert.Contains("@minValue(15)\nparam largeEventRetentionDays int = 30", template.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void standard_topics_keep_the_tier_s_message_size_and_premium_ones_take_the_parameter()
    {
        Assert.All(bicep.Default.OfType(Topic), topic => Assert.False(topic.Has("properties.maxMessageSizeInKilobytes")));
        Assert.Equal("Premium", bicep.Private.One(ServiceBusNamespace).Text("sku.name"));
        Assert.All(bicep.Private.OfType(Topic), topic => Assert.Equal(102400, topic.Number("properties.maxMessageSizeInKilobytes")));
    }

    private DeploymentSnapshot Snapshot(string name) => bicep.Snapshots[BicepFixture.Cases.Single(c => c.Name == name)];
}

using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;

namespace ChangeFeed.LocalDevelopment.Tests;

/// <summary>
/// The Service Bus emulator's config (infra/local/servicebus-config.json) and the Cosmos DB layout setup.cs creates
/// (infra/local/containers.json) are the Bicep's topics, subscriptions, filters and containers, within the
/// emulator's limits (its Config-schema.json in Azure/azure-service-bus-emulator-installer).
/// </summary>
public sealed partial class Emulators_declare_what_the_bicep_deploys
{
    private static JsonElement Namespace()
    {
        using var document = Repo.Json(Repo.ServiceBusConfigFile);
        return Assert.Single(document.RootElement.GetProperty("UserConfig").GetProperty("Namespaces").EnumerateArray()).Clone();
    }

    private static IEnumerable<JsonElement> Topics() => Namespace().GetProperty("Topics").EnumerateArray();

    private static IEnumerable<JsonElement> Subscriptions() => Topics().SelectMany(t => t.GetProperty("Subscriptions").EnumerateArray());

    [Fact]
    public void emulator_topics_subscriptions_and_filters_are_the_bicep_ones()
    {
        var emulator = Topics().ToDictionary(
            t => t.GetProperty("Name").GetString()!,
            t => t.GetProperty("Subscriptions").EnumerateArray().ToDictionary(
                s => s.GetProperty("Name").GetString()!,
                s => new SubscriptionRules(
                    s.GetProperty("Properties").GetProperty("RequiresSession").GetBoolean(),
                    [.. s.GetProperty("Rules").EnumerateArray().Select(r => Rule(r.GetProperty("Properties").GetProperty("CorrelationFilter"))).Order()])));
        var bicep = Bicep.Topics();

        Assert.Equal(bicep.Keys.Order(StringComparer.Ordinal), emulator.Keys.Order(StringComparer.Ordinal));
        foreach (var (topic, subscriptions) in bicep)
        {
            Assert.Equal(subscriptions.Keys.Order(StringComparer.Ordinal), emulator[topic].Keys.Order(StringComparer.Ordinal));
            foreach (var (name, expected) in subscriptions)
            {
                Assert.True(expected.RequiresSession, $"{topic}/{name} has no sessions in the Bicep");
                Assert.Equal(expected.RequiresSession, emulator[topic][name].RequiresSession);
                Assert.Equal(expected.Rules, emulator[topic][name].Rules);
            }
        }
    }

    [Fact]
    public void every_rule_is_a_correlation_filter_on_the_type_and_whom_a_message_is_for()
    {
        var rules = Subscriptions().SelectMany(s => s.GetProperty("Rules").EnumerateArray().Select(r => (Subscription: s.GetProperty("Name").GetString(), Rule: r))).ToList();

        Assert.NotEmpty(rules);
        Assert.All(rules, pair =>
        {
            Assert.Equal("Correlation", pair.Rule.GetProperty("Properties").GetProperty("FilterType").GetString());
            var filter = pair.Rule.GetProperty("Properties").GetProperty("CorrelationFilter");
            var rule = Rule(filter);
            Assert.Equal(rule.Delivery == "backfill" ? ["Label", "To", "Properties"] : ["Label", "Properties"], filter.EnumerateObject().Select(p => p.Name));
            Assert.Equal(rule.Delivery == "backfill" ? pair.Subscription : null, rule.To);
            Assert.Contains(rule.Delivery, new[] { "live", "backfill" });
            Assert.InRange(pair.Rule.GetProperty("Name").GetString()!.Length, 1, 50);
        });
    }

    private static CorrelationRule Rule(JsonElement filter) => new(
        filter.GetProperty("Label").GetString()!,
        filter.TryGetProperty("To", out var to) ? to.GetString() : null,
        filter.TryGetProperty("Properties", out var properties) && properties.TryGetProperty("changefeed_delivery", out var delivery) ? delivery.GetString() : null);

    [Fact]
    public void every_topic_detects_duplicates_for_as_long_as_the_emulator_allows()
    {
        Assert.All(Topics(), topic =>
        {
            var properties = topic.GetProperty("Properties");
            Assert.True(properties.GetProperty("RequiresDuplicateDetection").GetBoolean());
            Assert.Equal(TimeSpan.FromMinutes(5), Duration(properties, "DuplicateDetectionHistoryTimeWindow"));
        });
    }

    [Fact]
    public void the_config_is_within_the_emulator_limits()
    {
        var ns = Namespace();
        Assert.Equal("sbemulatorns", ns.GetProperty("Name").GetString());
        Assert.Equal(JsonValueKind.Array, ns.GetProperty("Queues").ValueKind);
        Assert.InRange(ns.GetProperty("Queues").GetArrayLength() + ns.GetProperty("Topics").GetArrayLength(), 1, 50);
        using (var document = Repo.Json(Repo.ServiceBusConfigFile))
            Assert.Contains(document.RootElement.GetProperty("UserConfig").GetProperty("Logging").GetProperty("Type").GetString(), new[] { "File", "Console", "File,Console", "Console,File" });

        Assert.All(Topics(), topic =>
        {
            var properties = topic.GetProperty("Properties");
            Assert.InRange(Duration(properties, "DuplicateDetectionHistoryTimeWindow"), TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5));
            Assert.InRange(Duration(properties, "DefaultMessageTimeToLive"), TimeSpan.FromMinutes(5), TimeSpan.FromHours(1));
            Assert.InRange(topic.GetProperty("Subscriptions").GetArrayLength(), 1, 50);
        });
        Assert.All(Subscriptions(), subscription =>
        {
            var properties = subscription.GetProperty("Properties");
            Assert.InRange(properties.GetProperty("MaxDeliveryCount").GetInt32(), 1, 10);
            Assert.InRange(Duration(properties, "LockDuration"), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5));
            Assert.InRange(Duration(properties, "DefaultMessageTimeToLive"), TimeSpan.FromMinutes(5), TimeSpan.FromHours(1));
        });
        var names = Topics().Select(t => t.GetProperty("Name").GetString()!)
            .Concat(Subscriptions().Select(s => s.GetProperty("Name").GetString()!))
            .Concat(Subscriptions().SelectMany(s => s.GetProperty("Rules").EnumerateArray()).Select(r => r.GetProperty("Name").GetString()!));
        Assert.All(names, name => Assert.Matches(EntityName(), name));
    }

    [Fact]
    public void the_emulator_gives_up_on_a_message_where_azure_does()
    {
        var bicep = Bicep.Resources("Microsoft.ServiceBus/namespaces/topics/subscriptions")
            .Select(s => s.GetProperty("properties").GetProperty("maxDeliveryCount").GetInt32()).Distinct();

        Assert.Equal(bicep, Subscriptions().Select(s => s.GetProperty("Properties").GetProperty("MaxDeliveryCount").GetInt32()).Distinct());
    }

    [Fact]
    public void the_emulator_name_pattern_rejects_the_bicep_default_rule_name()
    {
        // Why the emulator's rules are named by event type: '$Default' (the Bicep's first rule) is not a valid name there.
        Assert.DoesNotMatch(EntityName(), "$Default");
        Assert.Matches(EntityName(), "com.contoso.orders.OrderPlaced");
    }

    [Fact]
    public void setup_creates_the_bicep_database_and_containers()
    {
        using var layout = Repo.Json(Repo.ContainersFile);
        var local = layout.RootElement.GetProperty("containers").EnumerateArray().ToDictionary(
            c => c.GetProperty("name").GetString()!,
            c => (c.GetProperty("partitionKeyPath").GetString()!, c.TryGetProperty("defaultTimeToLive", out var ttl) ? ttl.GetInt32() : (int?)null),
            StringComparer.Ordinal);

        Assert.Equal(Bicep.DatabaseName(), layout.RootElement.GetProperty("database").GetString());
        Assert.Equal(Bicep.Containers().OrderBy(c => c.Key, StringComparer.Ordinal), local.OrderBy(c => c.Key, StringComparer.Ordinal));
        Assert.Contains("projections", local.Keys);
    }

    [Fact]
    public void every_container_and_topic_the_sample_names_exists_locally()
    {
        var values = SampleSettings.Values();
        using var layout = Repo.Json(Repo.ContainersFile);
        var containers = layout.RootElement.GetProperty("containers").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("partitionKeyPath").GetString()!, StringComparer.Ordinal);
        var database = layout.RootElement.GetProperty("database").GetString();
        var topics = Topics().Select(t => t.GetProperty("Name").GetString()).ToList();

        Assert.Equal(database, values["COSMOS_DATABASE"]);
        Assert.All(values.Where(p => p.Key.EndsWith("_CONTAINER", StringComparison.Ordinal) && p.Key != "CLAIMCHECK_CONTAINER"), p => Assert.Contains(p.Value, containers.Keys));
        Assert.Contains(values["CLAIMCHECK_CONTAINER"], layout.RootElement.GetProperty("blobContainers").EnumerateArray().Select(c => c.GetString()));
        foreach (var route in Functions.Routes.All)
        {
            var prefix = $"ChangeFeed__Routes__{route}__";
            Assert.Equal(database, values[prefix + "Database"]);
            Assert.Contains(values[prefix + "Topic"], topics);
            Assert.Equal(containers[values[prefix + "Container"]], values[prefix + "PartitionKeyPath"]);
        }
    }

    [Fact]
    public void setup_creates_the_bicep_claim_check_container_on_azurite()
    {
        using var layout = Repo.Json(Repo.ContainersFile);
        var deployed = Bicep.Resources("Microsoft.Storage/storageAccounts/blobServices/containers").Select(c => Bicep.Name(c).Split('/')[^1])
            .Where(name => name == Bicep.AppSettings()["CLAIMCHECK_CONTAINER"]);

        Assert.Equal(deployed, layout.RootElement.GetProperty("blobContainers").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("UseDevelopmentStorage=true", SampleSettings.Values()["CLAIMCHECK"]);
    }

    private static TimeSpan Duration(JsonElement properties, string name) => XmlConvert.ToTimeSpan(properties.GetProperty(name).GetString()!);

    // The emulator's name pattern for queues, topics, subscriptions and rules.
    [GeneratedRegex(@"^[A-Za-z0-9]$|^[A-Za-z0-9][\w\-./]*[A-Za-z0-9]$")]
    private static partial Regex EntityName();
}

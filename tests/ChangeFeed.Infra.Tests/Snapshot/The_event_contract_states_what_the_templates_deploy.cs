using System.Text.Json;
using System.Text.Json.Nodes;
using ChangeFeed.Infra.Tests.Bicep;
using static ChangeFeed.Infra.Tests.Snapshot.ResourceTypes;

namespace ChangeFeed.Infra.Tests.Snapshot;

/// <summary>
/// The committed event contract (docs/contract/asyncapi.json, generated from the routes and ChangeFeed.Contract's
/// ServiceBusLayout) states the broker's side of the promises: each topic's duplicate detection, time to live, sizes,
/// and the sample subscription with its rules. Those are written twice, once in C# and once in Bicep; this holds the two
/// to each other, value for value, so that neither can change alone.
/// </summary>
[Collection(SharedBicepRuns.Name)]
public sealed class The_event_contract_states_what_the_templates_deploy(BicepFixture bicep)
{
    private static readonly JsonObject Channels =
        JsonNode.Parse(File.ReadAllText(TestPaths.InRepo("docs", "contract", "asyncapi.json")))!["channels"]!.AsObject();

    public static TheoryData<string> ContractTopics() => [.. Channels.Select(channel => channel.Key)];

    [Fact]
    public void the_contract_has_a_channel_for_every_deployed_topic_and_no_other() =>
        Assert.Equal(
            bicep.Default.OfType(Topic).Select(LastSegment).Order(StringComparer.Ordinal),
            Channels.Select(channel => channel.Key).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(ContractTopics))]
    public void each_topic_is_deployed_with_the_properties_the_contract_states(string topic)
    {
        var stated = ServiceBus(topic);
        var deployed = One(bicep.Default.OfType(Topic), topic).GetProperty("properties");

        foreach (var name in new[] { "requiresDuplicateDetection", "duplicateDetectionHistoryTimeWindow", "defaultMessageTimeToLive", "supportOrdering" })
            Assert.True(JsonNode.DeepEquals(stated[name], JsonNode.Parse(deployed.GetProperty(name).GetRawText())), $"{topic}: {name} is {deployed.GetProperty(name)} in the template, {stated[name]} in the contract");

        // Standard's limit is the service's own (the template sets none). Premium's is a parameter: the contract states
        // its default, in main.bicep and in what azd passes (main.parameters.json), and the Premium case deploys the value given.
        Assert.False(deployed.Has("maxMessageSizeInKilobytes"));
        Assert.Equal(256, stated["maxMessageSizeInKilobytes"]!["Standard"]!.GetValue<int>());
        var premium = stated["maxMessageSizeInKilobytes"]!["Premium"]!.GetValue<int>();
        Assert.Equal(premium, TemplateParameter("serviceBusMaxMessageSizeInKilobytes").GetProperty("defaultValue").GetInt32());
        Assert.Equal($"${{SERVICEBUS_MAX_MESSAGE_SIZE_KB={premium}}}", AzdParameter("serviceBusMaxMessageSizeInKilobytes"));
        Assert.Equal(
            int.Parse(ParameterInFile(SnapshotCase.Private, "serviceBusMaxMessageSizeInKilobytes"), System.Globalization.CultureInfo.InvariantCulture),
            One(bicep.Private.OfType(Topic), topic).Number("properties.maxMessageSizeInKilobytes"));
    }

    [Theory]
    [MemberData(nameof(ContractTopics))]
    public void each_subscription_is_deployed_with_the_settings_the_contract_states(string topic)
    {
        var stated = ServiceBus(topic)["subscriptions"]!.AsObject();
        var deployed = bicep.Default.OfType(Subscription).Where(s => Segment(s, 1) == topic).ToList();

        Assert.Equal(stated.Select(s => s.Key).Order(StringComparer.Ordinal), deployed.Select(LastSegment).Order(StringComparer.Ordinal));
        foreach (var subscription in deployed)
        {
            var settings = stated[LastSegment(subscription)]!.AsObject();
            var properties = subscription.GetProperty("properties");
            foreach (var (name, value) in settings.Where(s => s.Key is not "rules" and not "description"))
                Assert.True(JsonNode.DeepEquals(value, JsonNode.Parse(properties.GetProperty(name).GetRawText())), $"{topic}: {name} is {properties.GetProperty(name)} in the template, {value} in the contract");
        }
    }

    [Theory]
    [MemberData(nameof(ContractTopics))]
    public void each_subscription_s_rules_are_the_contract_s_rules_by_name_and_filter(string topic)
    {
        foreach (var (subscription, settings) in ServiceBus(topic)["subscriptions"]!.AsObject())
        {
            var stated = settings!["rules"]!.AsObject().ToDictionary(rule => rule.Key, rule => rule.Value!, StringComparer.Ordinal);
            var deployed = bicep.Default.OfType(Rule)
                .Where(rule => Segment(rule, 1) == topic && Segment(rule, 2) == subscription)
                .ToDictionary(LastSegment, rule => JsonNode.Parse(rule.GetProperty("properties").GetRawText())!, StringComparer.Ordinal);

            Assert.Equal(stated.Keys.Order(StringComparer.Ordinal), deployed.Keys.Order(StringComparer.Ordinal));
            foreach (var (name, rule) in stated)
                Assert.True(JsonNode.DeepEquals(rule, deployed[name]), $"{topic}/{subscription}/{name}: the template deploys {deployed[name].ToJsonString()}, the contract states {rule.ToJsonString()}");
        }
    }

    private JsonElement TemplateParameter(string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(bicep.BuildDirectory, "main.json"))).RootElement.GetProperty("parameters").GetProperty(name);

    private static string? AzdParameter(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.Infra, "main.parameters.json")))!["parameters"]![name]!["value"]!.GetValue<string>();

    private static string ParameterInFile(SnapshotCase snapshot, string name) =>
        File.ReadAllLines(Path.Combine(TestPaths.SnapshotsDirectory, $"{snapshot.Name}.bicepparam"))
            .Select(line => line.Split('=', 2))
            .Single(parts => parts[0].Trim() == $"param {name}")[1].Trim();

    private static JsonObject ServiceBus(string topic) => Channels[topic]!["x-servicebus"]!.AsObject();

    private static JsonElement One(IEnumerable<JsonElement> resources, string topic) => Assert.Single(resources, resource => LastSegment(resource) == topic);

    private static string Segment(JsonElement resource, int index) => resource.Text("name").Split('/')[index];

    private static string LastSegment(JsonElement resource) => resource.Text("name").Split('/')[^1];
}

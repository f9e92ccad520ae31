using System.Text.Json;
using ChangeFeed.Infra.Tests.Bicep;
using static ChangeFeed.Infra.Tests.Snapshot.ResourceTypes;

namespace ChangeFeed.Infra.Tests.Snapshot;

[Collection(SharedBicepRuns.Name)]
public sealed class Topics_detect_duplicates_and_subscriptions_use_sessions(BicepFixture bicep)
{
    private static readonly string[] Topics = ["orders-cdc", "orders-events", "orders-stream"];

    [Fact]
    public void there_is_one_topic_per_route() =>
        Assert.Equal(Topics, bicep.Default.OfType(Topic).Select(LastSegment).Order(StringComparer.Ordinal));

    [Fact]
    public void every_topic_drops_duplicates_within_a_day() =>
        Assert.All(bicep.Default.OfType(Topic), topic =>
        {
            Assert.True(topic.Flag("properties.requiresDuplicateDetection"));
            Assert.Equal("P1D", topic.Text("properties.duplicateDetectionHistoryTimeWindow"));
        });

    [Fact]
    public void every_topic_has_a_session_enabled_sample_subscription()
    {
        var subscriptions = bicep.Default.OfType(Subscription);

        Assert.Equal(Topics, subscriptions.Select(s => s.Text("name").Split('/')[1]).Order(StringComparer.Ordinal));
        Assert.All(subscriptions, s =>
        {
            Assert.Equal("sample-subscriber", LastSegment(s));
            Assert.True(s.Flag("properties.requiresSession"));
            Assert.True(s.Flag("properties.deadLetteringOnFilterEvaluationExceptions"));
        });
    }

    [Theory]
    [InlineData("orders-cdc", "com.contoso.orders.order.upserted", "com.contoso.orders.order.deleted")]
    // What src/ChangeFeed.Orders emits (OrderEvents): outbox records carry the full type, event store documents
    // `OrderPlaced` / `OrderShipped` behind the eventstore route's TypePrefix.
    [InlineData("orders-events", "com.contoso.orders.OrderPlaced", "com.contoso.orders.OrderShipped")]
    [InlineData("orders-stream", "com.contoso.orders.OrderPlaced", "com.contoso.orders.OrderShipped")]
    public void sample_subscription_receives_only_its_event_types(string topic, params string[] types)
    {
        var rules = Rules(topic);

        Assert.All(rules, rule => Assert.Equal("CorrelationFilter", rule.Text("properties.filterType")));
        Assert.Equal(types.Order(StringComparer.Ordinal), Labels(rules, "live"));
        Assert.Equal(types.Order(StringComparer.Ordinal), Labels(rules, "backfill"));
    }

    [Theory]
    [InlineData("orders-cdc")]
    [InlineData("orders-events")]
    [InlineData("orders-stream")]
    public void the_sample_receives_live_messages_and_only_its_own_backfill(string topic)
    {
        // The relay marks its messages changefeed_delivery=live; a backfill marks its copies changefeed_delivery=backfill
        // and names its one subscription in To (docs/backfill.md). Equality only: correlation filters, no SQL.
        var rules = Rules(topic);

        Assert.Equal(rules.Count, Labels(rules, "live").Length + Labels(rules, "backfill").Length);
        Assert.All(rules, rule =>
        {
            var filter = rule.GetProperty("properties").GetProperty("correlationFilter");
            var delivery = filter.GetProperty("properties").GetProperty("changefeed_delivery").GetString();
            var names = filter.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
            if (delivery == "live")
            {
                Assert.Equal(["label", "properties"], names);
            }
            else
            {
                Assert.Equal("backfill", delivery);
                Assert.Equal(["label", "properties", "to"], names);
                Assert.Equal(rule.Text("name").Split('/')[2], filter.GetProperty("to").GetString());
            }

            Assert.Single(filter.GetProperty("properties").EnumerateObject());
        });
    }

    [Fact]
    public void the_cdc_sample_receives_the_types_the_orders_route_emits()
    {
        // A cdc route emits <TypePrefix><EventType>.upserted / .deleted (the latter with a SoftDeleteProperty).
        var settings = bicep.Default.AppSettings();
        var type = settings.GetValueOrDefault("ChangeFeed__Routes__orders__TypePrefix") + settings["ChangeFeed__Routes__orders__EventType"];

        Assert.Equal("orders-cdc", settings["ChangeFeed__Routes__orders__Topic"]);
        Assert.True(settings.ContainsKey("ChangeFeed__Routes__orders__SoftDeleteProperty"));
        Assert.Equal(new[] { $"{type}.deleted", $"{type}.upserted" }, Labels(Rules("orders-cdc"), "live"));
    }

    [Theory]
    [InlineData("orders-cdc")]
    [InlineData("orders-events")]
    [InlineData("orders-stream")]
    public void the_default_true_filter_is_replaced(string topic)
    {
        // Service Bus gives a new subscription a $Default rule that matches everything; declaring a rule of
        // that name replaces its filter.
        var replaced = Assert.Single(Rules(topic), r => LastSegment(r) == "$Default");

        Assert.Equal("CorrelationFilter", replaced.Text("properties.filterType"));
        Assert.DoesNotContain("TrueFilter", bicep.Default.Json, StringComparison.Ordinal);
    }

    [Fact]
    public void namespace_is_standard_by_default_and_premium_by_parameter()
    {
        Assert.Equal("Standard", bicep.Default.One(ServiceBusNamespace).Text("sku.name"));
        Assert.Equal("Premium", bicep.Private.One(ServiceBusNamespace).Text("sku.name"));
    }

    private List<JsonElement> Rules(string topic) =>
        [.. bicep.Default.OfType(Rule).Where(r => r.Text("name").Split('/')[1] == topic)];

    private static string[] Labels(IEnumerable<JsonElement> rules, string delivery) =>
        [.. rules.Where(r => r.GetProperty("properties").GetProperty("correlationFilter").GetProperty("properties").GetProperty("changefeed_delivery").GetString() == delivery)
            .Select(r => r.Text("properties.correlationFilter.label")).Order(StringComparer.Ordinal)];

    private static string LastSegment(JsonElement resource) => resource.Text("name").Split('/')[^1];
}

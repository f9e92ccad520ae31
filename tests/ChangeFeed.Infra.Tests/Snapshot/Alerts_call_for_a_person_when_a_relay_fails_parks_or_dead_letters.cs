using System.Text.Json;
using ChangeFeed.Infra.Tests.Bicep;
using static ChangeFeed.Infra.Tests.Snapshot.ResourceTypes;

namespace ChangeFeed.Infra.Tests.Snapshot;

/// <summary>
/// What nobody handles until a person looks gets an alert: a relay that keeps failing and changes it parked (from its
/// own metrics), and messages a subscriber dead-lettered (a Service Bus platform metric). With <c>alertEmail</c> they
/// notify an action group.
/// </summary>
[Collection(SharedBicepRuns.Name)]
public sealed class Alerts_call_for_a_person_when_a_relay_fails_parks_or_dead_letters(BicepFixture bicep)
{
    [Theory]
    [InlineData("main")]
    [InlineData("private")]
    public void parked_changes_fire_a_log_alert_on_the_relays_own_metric_per_route(string name)
    {
        var snapshot = Snapshot(name);
        var alert = LogAlertNamed(snapshot, "changes-parked");
        var criterion = Assert.Single(alert.At("properties.criteria.allOf").EnumerateArray());
        var query = criterion.Text("query");

        Assert.Equal([snapshot.Id(ApplicationInsights)], alert.At("properties.scopes").EnumerateArray().Select(s => s.GetString()));
        // The names the relay records under (src/ChangeFeed.Core/Telemetry/ChangeFeedTelemetry.cs).
        var telemetry = File.ReadAllText(TestPaths.InRepo("src", "ChangeFeed.Core", "Telemetry", "ChangeFeedTelemetry.cs"));
        Assert.Contains("\"changefeed.changes.parked\"", telemetry, StringComparison.Ordinal);
        Assert.Contains("\"changefeed.route\"", telemetry, StringComparison.Ordinal);
        Assert.Contains("name == \"changefeed.changes.parked\"", query, StringComparison.Ordinal);
        Assert.Contains("customDimensions[\"changefeed.route\"]", query, StringComparison.Ordinal);
        Assert.Equal("Parked", criterion.Text("metricMeasureColumn"));
        Assert.Equal("Route", criterion.At("dimensions").EnumerateArray().Single().Text("name"));
        Assert.Equal("GreaterThan", criterion.Text("operator"));
        Assert.Equal(0, criterion.Number("threshold"));
        Assert.True(alert.Flag("properties.enabled"));
        Assert.Contains("parked replay", alert.Text("properties.description"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("main")]
    [InlineData("private")]
    public void a_route_failing_for_ten_minutes_fires_a_log_alert_on_the_relays_own_metric(string name)
    {
        var snapshot = Snapshot(name);
        var alert = LogAlertNamed(snapshot, "relay-failing");
        var criterion = Assert.Single(alert.At("properties.criteria.allOf").EnumerateArray());
        var query = criterion.Text("query");

        Assert.Equal([snapshot.Id(ApplicationInsights)], alert.At("properties.scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Contains("\"changefeed.relays.failed\"", File.ReadAllText(TestPaths.InRepo("src", "ChangeFeed.Core", "Telemetry", "ChangeFeedTelemetry.cs")), StringComparison.Ordinal);
        Assert.Contains("name == \"changefeed.relays.failed\"", query, StringComparison.Ordinal);
        Assert.Contains("Last - First >= 10m", query, StringComparison.Ordinal); // a blip that recovers does not fire
        Assert.Equal("PT15M", alert.Text("properties.windowSize"));
        Assert.Equal("Route", criterion.At("dimensions").EnumerateArray().Single().Text("name"));
        Assert.Equal(1, alert.Number("properties.severity"));
    }

    [Theory]
    [InlineData("main")]
    [InlineData("private")]
    public void dead_lettered_messages_fire_a_metric_alert_on_the_namespace(string name)
    {
        var snapshot = Snapshot(name);
        var alert = snapshot.One(MetricAlert);
        var criterion = Assert.Single(alert.At("properties.criteria.allOf").EnumerateArray());

        Assert.Equal([snapshot.Id(ServiceBusNamespace)], alert.At("properties.scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("Microsoft.ServiceBus/namespaces", criterion.Text("metricNamespace"));
        Assert.Equal("DeadletteredMessages", criterion.Text("metricName"));
        Assert.Equal("Maximum", criterion.Text("timeAggregation"));
        Assert.Equal("GreaterThan", criterion.Text("operator"));
        Assert.Equal(0, criterion.Number("threshold"));
        Assert.True(alert.Flag("properties.enabled"));
    }

    [Fact]
    public void without_an_e_mail_address_there_is_no_action_group_and_the_alerts_only_show_in_the_portal()
    {
        Assert.Empty(bicep.Default.OfType(ActionGroup));
        Assert.Equal(2, bicep.Default.OfType(LogAlert).Count);
        Assert.All(bicep.Default.OfType(LogAlert), alert => Assert.Empty(alert.At("properties.actions.actionGroups").EnumerateArray()));
        Assert.Empty(bicep.Default.One(MetricAlert).At("properties.actions").EnumerateArray());
    }

    [Fact]
    public void with_an_e_mail_address_both_alerts_notify_its_action_group()
    {
        var group = bicep.Private.One(ActionGroup);
        var receiver = Assert.Single(group.At("properties.emailReceivers").EnumerateArray());
        var groupId = group.GetProperty("id").GetString();

        Assert.Equal("operators@contoso.example", receiver.Text("emailAddress"));
        Assert.Equal(2, bicep.Private.OfType(LogAlert).Count);
        Assert.All(bicep.Private.OfType(LogAlert), alert =>
            Assert.Equal([groupId], alert.At("properties.actions.actionGroups").EnumerateArray().Select(a => a.GetString())));
        Assert.Equal([groupId], bicep.Private.One(MetricAlert).At("properties.actions").EnumerateArray().Select(a => a.Text("actionGroupId")));
    }

    private DeploymentSnapshot Snapshot(string name) => name == "main" ? bicep.Default : bicep.Private;

    private static JsonElement LogAlertNamed(DeploymentSnapshot snapshot, string suffix) =>
        Assert.Single(snapshot.OfType(LogAlert), alert => alert.GetProperty("name").GetString()!.EndsWith("-" + suffix, StringComparison.Ordinal));
}

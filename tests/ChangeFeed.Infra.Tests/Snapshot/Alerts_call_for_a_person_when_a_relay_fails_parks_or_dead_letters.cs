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
        var (alert, criterion) = RelayMetricAlert(Snapshot(name), "changes-parked", "changefeed.changes.parked", "Parked");

        Assert.Equal(2, alert.Number("properties.severity"));
        Assert.Contains("parked replay", alert.Text("properties.description"), StringComparison.Ordinal);
        Assert.EndsWith("| where Parked > 0", criterion.Text("query"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("main")]
    [InlineData("private")]
    public void a_route_failing_for_ten_minutes_fires_a_log_alert_on_the_relays_own_metric(string name)
    {
        var (alert, criterion) = RelayMetricAlert(Snapshot(name), "relay-failing", "changefeed.relays.failed", "Failed");

        Assert.Equal(1, alert.Number("properties.severity"));
        Assert.EndsWith("| where Last - First >= 10m", criterion.Text("query"), StringComparison.Ordinal); // a blip that recovers does not fire
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

    /// <summary>A log alert on one of the relay's metrics, per route: what every such alert must have.</summary>
    private static (JsonElement Alert, JsonElement Criterion) RelayMetricAlert(DeploymentSnapshot snapshot, string suffix, string metric, string measure)
    {
        var alert = Assert.Single(snapshot.OfType(LogAlert), alert => alert.GetProperty("name").GetString()!.EndsWith("-" + suffix, StringComparison.Ordinal));
        var criterion = Assert.Single(alert.At("properties.criteria.allOf").EnumerateArray());
        var query = criterion.Text("query");

        // The names the relay records under.
        var telemetry = File.ReadAllText(TestPaths.InRepo("src", "ChangeFeed.Core", "Telemetry", "ChangeFeedTelemetry.cs"));
        Assert.Contains($"\"{metric}\"", telemetry, StringComparison.Ordinal);
        Assert.Contains("\"changefeed.route\"", telemetry, StringComparison.Ordinal);
        Assert.StartsWith($"customMetrics | where name == \"{metric}\"", query, StringComparison.Ordinal);
        Assert.Contains("by Route = tostring(customDimensions[\"changefeed.route\"])", query, StringComparison.Ordinal);
        Assert.Equal([snapshot.Id(ApplicationInsights)], alert.At("properties.scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(measure, criterion.Text("metricMeasureColumn"));
        Assert.Equal("Route", criterion.At("dimensions").EnumerateArray().Single().Text("name"));
        Assert.Equal("GreaterThan", criterion.Text("operator"));
        Assert.Equal(0, criterion.Number("threshold"));
        Assert.Equal("PT15M", alert.Text("properties.windowSize"));
        Assert.True(alert.Flag("properties.enabled"));
        return (alert, criterion);
    }
}

using ChangeFeed.Infra.Tests.Bicep;
using static ChangeFeed.Infra.Tests.Snapshot.ResourceTypes;

namespace ChangeFeed.Infra.Tests.Snapshot;

/// <summary>azd writes the outputs to the environment; the postprovision hooks and local runs read them.</summary>
[Collection(SharedBicepRuns.Name)]
public sealed class Outputs_give_what_apps_and_hooks_need(BicepFixture bicep)
{
    [Theory]
    [InlineData("AZURE_LOCATION", SnapshotCase.Location)]
    [InlineData("AZURE_TENANT_ID", SnapshotCase.TenantId)]
    [InlineData("AZURE_RESOURCE_GROUP", "rg-snapshot")]
    [InlineData("AZURE_COSMOS_DATABASE", "changefeed")]
    [InlineData("AZURE_COSMOS_ORDERS_CONTAINER", "orders")]
    [InlineData("AZURE_COSMOS_ORDERS_PARTITION_KEY_PATH", "/customerId")]
    [InlineData("AZURE_COSMOS_OUTBOX_CONTAINER", "outbox")]
    [InlineData("AZURE_COSMOS_EVENTS_CONTAINER", "events")]
    [InlineData("AZURE_COSMOS_LEASES_CONTAINER", "leases")]
    [InlineData("AZURE_COSMOS_PARKED_CONTAINER", "parked")]
    [InlineData("AZURE_COSMOS_PARKED_TTL", "14.00:00:00")]
    [InlineData("AZURE_COSMOS_PROJECTIONS_CONTAINER", "projections")]
    [InlineData("AZURE_SERVICEBUS_TOPIC_CDC", "orders-cdc")]
    [InlineData("AZURE_SERVICEBUS_TOPIC_OUTBOX", "orders-events")]
    [InlineData("AZURE_SERVICEBUS_TOPIC_EVENTSTORE", "orders-stream")]
    [InlineData("AZURE_SERVICEBUS_SAMPLE_SUBSCRIPTION", "sample-subscriber")]
    [InlineData("AZURE_CLAIMCHECK_CONTAINER", "large-events")]
    public void output_has_the_known_value(string output, string value) =>
        Assert.Equal(value, bicep.Default.Outputs.GetProperty(output).GetString());

    [Theory]
    [InlineData("AZURE_COSMOS_ACCOUNT_NAME", CosmosAccount)]
    [InlineData("AZURE_SERVICEBUS_NAMESPACE", ServiceBusNamespace)]
    [InlineData("AZURE_FUNCTION_APP_NAME", Site)]
    public void output_names_the_deployed_resource(string output, string type) =>
        Assert.Equal(bicep.Default.One(type).Text("name"), bicep.Default.Outputs.GetProperty(output).GetString());

    [Fact]
    public void storage_outputs_name_the_function_apps_account_and_the_claim_checks_endpoint()
    {
        Assert.Equal(bicep.Default.HostStorage().Text("name"), bicep.Default.Outputs.GetProperty("AZURE_STORAGE_ACCOUNT_NAME").GetString());
        Assert.Equal(
            $"[reference('{bicep.Default.LargeEventsStorage().Text("id")}', '2026-06-01').primaryEndpoints.blob]",
            bicep.Default.Outputs.GetProperty("AZURE_CLAIMCHECK_BLOB_ENDPOINT").GetString());
        Assert.Equal(30, bicep.Default.Outputs.GetProperty("AZURE_CLAIMCHECK_RETENTION_DAYS").GetInt32());
    }

    [Theory]
    [InlineData("AZURE_COSMOS_ENDPOINT", CosmosAccount, ".documentEndpoint")]
    [InlineData("AZURE_SERVICEBUS_FULLY_QUALIFIED_NAMESPACE", ServiceBusNamespace, ".serviceBusEndpoint")]
    [InlineData("APPLICATIONINSIGHTS_CONNECTION_STRING", ApplicationInsights, ".ConnectionString")]
    public void output_reads_the_deployed_resource(string output, string type, string property)
    {
        var value = bicep.Default.Outputs.GetProperty(output).GetString()!;

        Assert.Contains($"reference('{bicep.Default.Id(type)}', ", value, StringComparison.Ordinal);
        Assert.Contains(property, value, StringComparison.Ordinal);
    }

    [Fact]
    public void managed_identity_client_id_output_is_the_relay_identity() =>
        Assert.Equal($"[{bicep.Default.RelayClientId()}]", bicep.Default.Outputs.GetProperty("AZURE_MANAGED_IDENTITY_CLIENT_ID").GetString());

    [Fact]
    public void subscriber_client_id_output_is_the_subscriber_identity() =>
        Assert.Equal(
            $"[reference('{bicep.Default.SubscriberIdentityId()}', '2024-11-30').clientId]",
            bicep.Default.Outputs.GetProperty("AZURE_SUBSCRIBER_CLIENT_ID").GetString());

    [Fact]
    public void every_output_the_posix_hook_reads_exists()
    {
        var hook = File.ReadAllText(TestPaths.InRepo("infra", "hooks", "postprovision.sh"));
        var read = System.Text.RegularExpressions.Regex.Matches(hook, @"\$\(get ([A-Z_]+)\)").Select(m => m.Groups[1].Value).ToList();

        Assert.NotEmpty(read);
        Assert.All(read, name => Assert.True(bicep.Default.Outputs.TryGetProperty(name, out _), $"{name} is not an output of main.bicep"));
    }

    [Fact]
    public void every_output_the_windows_hook_reads_exists()
    {
        var hook = File.ReadAllText(TestPaths.InRepo("infra", "hooks", "postprovision.ps1"));
        var read = System.Text.RegularExpressions.Regex.Matches(hook, @"Get-Value '([A-Z_]+)'").Select(m => m.Groups[1].Value).ToList();

        Assert.NotEmpty(read);
        Assert.All(read, name => Assert.True(bicep.Default.Outputs.TryGetProperty(name, out _), $"{name} is not an output of main.bicep"));
    }
}

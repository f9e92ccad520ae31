using ChangeFeed.Infra.Tests.Bicep;
using static ChangeFeed.Infra.Tests.Snapshot.ResourceTypes;

namespace ChangeFeed.Infra.Tests.Snapshot;

/// <summary>The exact app settings src/ChangeFeed.Functions reads; names must not drift.</summary>
[Collection(SharedBicepRuns.Name)]
public sealed class Relay_gets_identity_based_settings(BicepFixture bicep)
{
    private static readonly Dictionary<string, string> Literals = new(StringComparer.Ordinal)
    {
        ["AzureWebJobsStorage__credential"] = "managedidentity",
        ["COSMOS__credential"] = "managedidentity",
        ["SERVICEBUS__credential"] = "managedidentity",
        ["CLAIMCHECK__credential"] = "managedidentity",
        ["CLAIMCHECK_CONTAINER"] = "large-events",
        // No partitioned topic by default (Partitioned_topics_get_one_session_per_batch covers the others).
        ["SERVICEBUS_PARTITIONED_TOPICS"] = "",
        ["COSMOS_DATABASE"] = "changefeed",
        ["COSMOS_LEASES_CONTAINER"] = "leases",
        ["COSMOS_PARKED_CONTAINER"] = "parked",
        ["COSMOS_PARKED_TTL"] = "14.00:00:00",
        ["ORDERS_CONTAINER"] = "orders",
        ["OUTBOX_CONTAINER"] = "outbox",
        ["EVENTS_CONTAINER"] = "events",
        ["ChangeFeed__Routes__orders__Mode"] = "cdc",
        ["ChangeFeed__Routes__orders__Database"] = "changefeed",
        ["ChangeFeed__Routes__orders__Container"] = "orders",
        ["ChangeFeed__Routes__orders__Topic"] = "orders-cdc",
        ["ChangeFeed__Routes__orders__PartitionKeyPath"] = "/customerId",
        ["ChangeFeed__Routes__orders__EventType"] = "com.contoso.orders.order",
        ["ChangeFeed__Routes__orders__SoftDeleteProperty"] = "isDeleted",
        ["ChangeFeed__Routes__outbox__Mode"] = "outbox",
        ["ChangeFeed__Routes__outbox__Database"] = "changefeed",
        ["ChangeFeed__Routes__outbox__Container"] = "outbox",
        ["ChangeFeed__Routes__outbox__Topic"] = "orders-events",
        ["ChangeFeed__Routes__outbox__PartitionKeyPath"] = "/partitionKey",
        // The types the contract (docs/contract/asyncapi.json) lists for the route: the sample subscription's, from the same parameter.
        ["ChangeFeed__Routes__outbox__EventTypes"] = "com.contoso.orders.OrderPlaced,com.contoso.orders.OrderShipped",
        ["ChangeFeed__Routes__eventstore__Mode"] = "eventstore",
        ["ChangeFeed__Routes__eventstore__Database"] = "changefeed",
        ["ChangeFeed__Routes__eventstore__Container"] = "events",
        ["ChangeFeed__Routes__eventstore__Topic"] = "orders-stream",
        ["ChangeFeed__Routes__eventstore__PartitionKeyPath"] = "/streamId",
        ["ChangeFeed__Routes__eventstore__TypeProperty"] = "type",
        // Event store documents carry `OrderPlaced`; subscribers filter on com.contoso.orders.OrderPlaced.
        ["ChangeFeed__Routes__eventstore__TypePrefix"] = "com.contoso.orders.",
        ["ChangeFeed__Routes__eventstore__EventTypes"] = "com.contoso.orders.OrderPlaced,com.contoso.orders.OrderShipped",
        // No placeholder worker: .NET 10 isolated workers crash under it on Flex (docs/decisions/0016).
        ["WEBSITE_USE_PLACEHOLDER_DOTNETISOLATED"] = "0",
    };

    private static readonly string[] DeployTimeValues =
    [
        "AzureWebJobsStorage__clientId", "AzureWebJobsStorage__blobServiceUri", "COSMOS__accountEndpoint", "COSMOS__clientId",
        "SERVICEBUS__fullyQualifiedNamespace", "SERVICEBUS__clientId", "CLAIMCHECK__serviceUri", "CLAIMCHECK__clientId", "ChangeFeed__Account",
        "APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
    ];

    private IReadOnlyDictionary<string, string> Settings => bicep.Default.AppSettings();

    [Fact]
    public void the_app_gets_exactly_the_expected_setting_names()
    {
        var expected = Literals.Keys.Concat(DeployTimeValues).Order(StringComparer.Ordinal);

        Assert.Equal(expected, Settings.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void literal_settings_have_the_designed_values() =>
        Assert.All(Literals, pair => Assert.Equal(pair.Value, Settings[pair.Key]));

    [Theory]
    [InlineData("AzureWebJobsStorage__clientId")]
    [InlineData("COSMOS__clientId")]
    [InlineData("SERVICEBUS__clientId")]
    [InlineData("CLAIMCHECK__clientId")]
    public void every_connection_uses_the_relay_identity(string setting) =>
        Assert.Equal($"[{bicep.Default.RelayClientId()}]", Settings[setting]);

    [Fact]
    public void application_insights_authenticates_as_the_relay_identity() =>
        Assert.Equal(
            $"[format('Authorization=AAD;ClientId={{0}}', {bicep.Default.RelayClientId()})]",
            Settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);

    [Theory]
    [InlineData("AzureWebJobsStorage__blobServiceUri", StorageAccount, "primaryEndpoints.blob")]
    [InlineData("COSMOS__accountEndpoint", CosmosAccount, "documentEndpoint")]
    [InlineData("SERVICEBUS__fullyQualifiedNamespace", ServiceBusNamespace, "serviceBusEndpoint")]
    public void service_addresses_come_from_the_deployed_resources(string setting, string type, string property)
    {
        var id = type == StorageAccount ? bicep.Default.HostStorage().Text("id") : bicep.Default.Id(type);

        Assert.Contains($"reference('{id}', ", Settings[setting], StringComparison.Ordinal);
        Assert.Contains($").{property}", Settings[setting], StringComparison.Ordinal);
    }

    [Fact]
    public void the_claim_check_writes_to_the_large_events_account_not_the_function_apps()
    {
        Assert.Equal($"[reference('{bicep.Default.LargeEventsStorage().Text("id")}', '2026-06-01').primaryEndpoints.blob]", Settings["CLAIMCHECK__serviceUri"]);
        Assert.Equal(bicep.Default.LargeEventsContainer().Text("name").Split('/')[^1], Settings["CLAIMCHECK_CONTAINER"]);
    }

    [Fact]
    public void account_setting_is_the_cosmos_account_name() =>
        Assert.Equal(bicep.Default.One(CosmosAccount).Text("name"), Settings["ChangeFeed__Account"]);

    [Theory]
    [InlineData("FUNCTIONS_WORKER_RUNTIME")]
    [InlineData("FUNCTIONS_EXTENSION_VERSION")]
    [InlineData("WEBSITE_RUN_FROM_PACKAGE")]
    [InlineData("AzureWebJobsStorage")]
    [InlineData("WEBSITE_CONTENTAZUREFILECONNECTIONSTRING")]
    public void settings_flex_consumption_rejects_or_that_hold_keys_are_absent(string setting) =>
        Assert.DoesNotContain(setting, Settings.Keys);

    [Theory]
    [InlineData("AzureWebJobsStorage__queueServiceUri")]
    [InlineData("AzureWebJobsStorage__tableServiceUri")]
    public void host_storage_is_blob_only(string setting) =>
        Assert.DoesNotContain(setting, Settings.Keys);

    [Fact]
    public void the_private_deployment_gets_the_same_setting_names() =>
        Assert.Equal(Settings.Keys.Order(StringComparer.Ordinal), bicep.Private.AppSettings().Keys.Order(StringComparer.Ordinal));
}

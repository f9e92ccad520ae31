using Azure.Identity;
using Azure.Messaging.ServiceBus;
using ChangeFeed.Cosmos.Parking;
using ChangeFeed.Parking;
using ChangeFeed.Publishing;
using ChangeFeed.Telemetry;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;

namespace ChangeFeed.Functions.Tests;

public sealed class app_settings_configure_clients_and_telemetry
{
    [Fact]
    public void managed_identity_settings_give_clients_for_the_named_endpoints()
    {
        using var host = TestSettings.FunctionApp(TestSettings.Valid());

        Assert.Equal("contoso.servicebus.windows.net", host.Services.GetRequiredService<ServiceBusClient>().FullyQualifiedNamespace);
        Assert.Equal(new Uri("https://contoso.documents.azure.com:443/"), host.Services.GetRequiredService<CosmosClient>().Endpoint);
    }

    [Fact]
    public void connection_strings_give_clients_for_the_local_emulators()
    {
        using var host = TestSettings.FunctionApp(TestSettings.Emulators());

        Assert.Equal("127.0.0.1", host.Services.GetRequiredService<ServiceBusClient>().FullyQualifiedNamespace);
        var cosmos = host.Services.GetRequiredService<CosmosClient>();
        Assert.Equal(new Uri("https://localhost:8081/"), cosmos.Endpoint);
        Assert.Equal(ConnectionMode.Gateway, cosmos.ClientOptions.ConnectionMode);
    }

    [Fact]
    public void the_relay_publishes_to_service_bus_and_parks_in_the_parked_container()
    {
        var settings = TestSettings.Valid();
        settings["COSMOS_PARKED_TTL"] = "3.00:00:00";
        using var host = TestSettings.FunctionApp(settings);

        Assert.NotNull(host.Services.GetRequiredService<Relay>());
        Assert.Equal("ServiceBusPublisher", host.Services.GetRequiredService<IEventPublisher>().GetType().Name);
        Assert.IsType<CosmosParkingLot>(host.Services.GetRequiredService<IParkingLot>());
        var parking = host.Services.GetRequiredService<IOptions<CosmosParkingLotOptions>>().Value;
        Assert.Equal(("shop", "parked", TimeSpan.FromDays(3)), (parking.Database, parking.Container, parking.TimeToLive));
    }

    [Fact]
    public void large_events_go_to_the_claim_check_container_the_settings_name()
    {
        using var inAzure = TestSettings.FunctionApp(TestSettings.Valid());
        using var local = TestSettings.FunctionApp(TestSettings.Emulators());

        Assert.Equal("https://stlargecontoso.blob.core.windows.net/large-events", Store(inAzure).ContainerUri.ToString());
        Assert.Equal("http://127.0.0.1:10000/devstoreaccount1/large-events", Store(local).ContainerUri.ToString());
    }

    [Fact]
    public void without_a_claim_check_endpoint_no_store_is_registered_and_large_events_are_parked()
    {
        var settings = TestSettings.Valid();
        settings.Remove("CLAIMCHECK__serviceUri");
        using var host = TestSettings.FunctionApp(settings);

        Assert.Null(host.Services.GetService<IClaimCheckStore>());
        Assert.NotNull(host.Services.GetRequiredService<IEventPublisher>());
    }

    private static ChangeFeed.BlobStorage.BlobClaimCheckStore Store(IHost host) =>
        Assert.IsType<ChangeFeed.BlobStorage.BlobClaimCheckStore>(host.Services.GetRequiredService<IClaimCheckStore>());

    [Fact]
    public void the_change_feed_activity_source_is_traced()
    {
        using var host = TestSettings.FunctionApp(TestSettings.Valid());
        _ = host.Services.GetRequiredService<TracerProvider>();

        var telemetry = host.Services.GetRequiredService<ChangeFeedTelemetry>();

        Assert.True(telemetry.ActivitySource.HasListeners());
        using var activity = telemetry.ActivitySource.StartActivity("probe");
        Assert.NotNull(activity);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("Authorization=AAD", typeof(ManagedIdentityCredential))]
    [InlineData("Authorization=AAD;ClientId=00000000-0000-0000-0000-000000000001", typeof(ManagedIdentityCredential))]
    [InlineData("Authorization=Key", null)]
    public void application_insights_uses_managed_identity_when_the_authentication_string_says_AAD(string? authentication, Type? expected) =>
        Assert.Equal(expected, ChangeFeed.Hosting.AzureMonitorExport.Credential(authentication)?.GetType());

    [Fact]
    public void the_azure_monitor_exporter_is_added_only_with_a_connection_string()
    {
        using var without = TestSettings.FunctionApp(TestSettings.Valid());
        var settings = TestSettings.Valid();
        settings["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://127.0.0.1/";
        using var with = TestSettings.FunctionApp(settings);

        Assert.DoesNotContain(without.Services.GetServices<IConfigureOptions<Azure.Monitor.OpenTelemetry.Exporter.AzureMonitorExporterOptions>>(), _ => true);
        Assert.NotEmpty(with.Services.GetServices<IConfigureOptions<Azure.Monitor.OpenTelemetry.Exporter.AzureMonitorExporterOptions>>());
    }
}

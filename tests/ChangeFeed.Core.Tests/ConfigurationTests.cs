using ChangeFeed.Configuration;
using ChangeFeed.Parking;
using ChangeFeed.Publishing;
using ChangeFeed.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ChangeFeed.Core.Tests;

public class ConfigurationTests
{
    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["ChangeFeed:Account"] = "contoso",
        ["ChangeFeed:Routes:orders:Database"] = "shop",
        ["ChangeFeed:Routes:orders:Container"] = "orders",
        ["ChangeFeed:Routes:orders:Topic"] = "orders-cdc",
        ["ChangeFeed:Routes:orders:PartitionKeyPath"] = "/customerId",
        ["ChangeFeed:Routes:orders:EventType"] = "com.contoso.orders.order",
    };

    [Fact]
    public async Task A_valid_configuration_starts_and_yields_the_route()
    {
        using var host = Build(Valid);
        await host.StartAsync();

        var route = host.Services.GetRequiredService<RouteCatalog>().Get("orders");
        Assert.Equal("orders-cdc", route.Topic);
        Assert.Equal("/cosmos/contoso/shop/orders", route.Source);
        Assert.Equal(RouteMode.Cdc, route.Mode);
        Assert.Equal(ContentMode.Binary, route.ContentMode);
        Assert.Equal(LargeEventHandling.ClaimCheck, route.LargeEvents);
        await host.StopAsync();
    }

    [Theory]
    [InlineData("park", LargeEventHandling.Park)]
    [InlineData("Park", LargeEventHandling.Park)]
    [InlineData("claimcheck", LargeEventHandling.ClaimCheck)]
    [InlineData("ClaimCheck", LargeEventHandling.ClaimCheck)]
    public void LargeEvents_names_the_handling_in_any_case_and_events_carry_it(string value, LargeEventHandling expected)
    {
        using var host = Build(new Dictionary<string, string?>(Valid) { ["ChangeFeed:Routes:orders:LargeEvents"] = value });

        var route = host.Services.GetRequiredService<RouteCatalog>().Get("orders");

        Assert.Equal(expected, route.LargeEvents);
        Assert.Equal(expected, Assert.Single(new Router().Route(route, Changes.Document()).Events).LargeEvents);
    }

    [Fact]
    public void Routes_bind_from_environment_variables_with_double_underscores()
    {
        const string prefix = "CHANGEFEED_CONFIG_TEST_";
        var variables = new Dictionary<string, string>
        {
            [prefix + "ChangeFeed__Account"] = "contoso",
            [prefix + "ChangeFeed__Routes__orders__Database"] = "shop",
            [prefix + "ChangeFeed__Routes__orders__Container"] = "orders",
            [prefix + "ChangeFeed__Routes__orders__Topic"] = "orders-from-env",
            [prefix + "ChangeFeed__Routes__orders__PartitionKeyPath"] = "/tenant,/customerId",
            [prefix + "ChangeFeed__Routes__orders__TypeProperty"] = "type",
            [prefix + "ChangeFeed__Routes__orders__Mode"] = "cdc",
            [prefix + "ChangeFeed__Routes__orders__ContentMode"] = "structured",
        };
        foreach (var (key, value) in variables)
            Environment.SetEnvironmentVariable(key, value);
        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Configuration.AddEnvironmentVariables(prefix);
            Register(builder);
            using var host = builder.Build();

            var route = host.Services.GetRequiredService<RouteCatalog>().Get("orders");
            Assert.Equal("orders-from-env", route.Topic);
            Assert.Equal(["/tenant", "/customerId"], route.PartitionKey.Paths);
            Assert.Equal("type", route.TypeProperty);
            Assert.Equal(ContentMode.Structured, route.ContentMode);
        }
        finally
        {
            foreach (var key in variables.Keys)
                Environment.SetEnvironmentVariable(key, null);
        }
    }

    [Theory]
    [InlineData("ChangeFeed:Account", null, "ChangeFeed:Account is required")]
    [InlineData("ChangeFeed:Routes:orders:Database", null, "ChangeFeed:Routes:orders:Database is required")]
    [InlineData("ChangeFeed:Routes:orders:Database", "a/b", "ChangeFeed:Routes:orders:Database 'a/b' is not a Cosmos DB resource name")]
    [InlineData("ChangeFeed:Routes:orders:Container", null, "ChangeFeed:Routes:orders:Container is required")]
    [InlineData("ChangeFeed:Routes:orders:Topic", null, "ChangeFeed:Routes:orders:Topic is required")]
    [InlineData("ChangeFeed:Routes:orders:Topic", "-bad topic", "ChangeFeed:Routes:orders:Topic '-bad topic' is not a Service Bus topic name")]
    [InlineData("ChangeFeed:Routes:orders:PartitionKeyPath", null, "ChangeFeed:Routes:orders:PartitionKeyPath is required: the watched container's partition key path, which orders and keys the events, e.g. /customerId")]
    [InlineData("ChangeFeed:Routes:orders:PartitionKeyPath", "customerId", "ChangeFeed:Routes:orders:PartitionKeyPath is 'customerId': 'customerId' is not a partition key path")]
    [InlineData("ChangeFeed:Routes:orders:PartitionKeyPath", "/a,/b,/c,/d", "ChangeFeed:Routes:orders:PartitionKeyPath is '/a,/b,/c,/d': expected one partition key path")]
    [InlineData("ChangeFeed:Routes:orders:PartitionKeyTypes", "string,date", "ChangeFeed:Routes:orders:PartitionKeyTypes: 'date' is not a partition key type")]
    [InlineData("ChangeFeed:Routes:orders:EventType", null, "ChangeFeed:Routes:orders:EventType or ChangeFeed:Routes:orders:TypeProperty is required")]
    [InlineData("ChangeFeed:Routes:orders:TypeProperty", "type", "ChangeFeed:Routes:orders:EventType and ChangeFeed:Routes:orders:TypeProperty are both set")]
    [InlineData("ChangeFeed:Routes:orders:TypeVersion", "v-1", "ChangeFeed:Routes:orders:TypeVersion 'v-1' is not a version suffix")]
    [InlineData("ChangeFeed:Routes:orders:IncludeProperties", "a", null)]
    [InlineData("ChangeFeed:Routes:orders:Source", "http://[bad", "ChangeFeed:Routes:orders:Source 'http://[bad' is not a URI reference")]
    [InlineData("ChangeFeed:Routes:orders:Mode", "3", "ChangeFeed:Routes:orders:Mode '3' is not a mode")]
    [InlineData("ChangeFeed:Routes:orders:Mode", "outbox", "ChangeFeed:Routes:orders:EventType and :TypeProperty are not used by an outbox route")]
    [InlineData("ChangeFeed:Routes:orders:Mode", "eventstore", "ChangeFeed:Routes:orders:EventType is set on an eventstore route")]
    [InlineData("ChangeFeed:Routes:orders:SessionKey", "partitionKey", "ChangeFeed:Routes:orders:SessionKey is only for outbox routes")]
    [InlineData("ChangeFeed:Routes:orders:AggregateTopics", "order=x", "ChangeFeed:Routes:orders:AggregateTopics is only for outbox routes")]
    [InlineData("ChangeFeed:Routes:orders:ContentMode", "xml", "ChangeFeed:Routes:orders:ContentMode 'xml' is not a content mode: expected binary or structured")]
    [InlineData("ChangeFeed:Routes:orders:LargeEvents", "drop", "ChangeFeed:Routes:orders:LargeEvents 'drop' is not a way to handle large events: expected claimcheck (default where a claim check store is configured) or park")]
    [InlineData("ChangeFeed:Routes:orders:LargeEvents", "1", "ChangeFeed:Routes:orders:LargeEvents '1' is not a way to handle large events")]
    public async Task A_bad_setting_refuses_start_and_names_the_setting(string key, string? value, string? expected)
    {
        var settings = new Dictionary<string, string?>(Valid) { [key] = value };
        if (key.EndsWith("IncludeProperties", StringComparison.Ordinal))
            settings["ChangeFeed:Routes:orders:ExcludeProperties"] = "b";
        expected ??= "ChangeFeed:Routes:orders:IncludeProperties and ChangeFeed:Routes:orders:ExcludeProperties are both set";

        using var host = Build(settings);
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SessionKey", "tenant", "ChangeFeed:Routes:outbox:SessionKey 'tenant' is not a session key: expected aggregateId or partitionKey.")]
    [InlineData("AggregateTopics", "order", "ChangeFeed:Routes:outbox:AggregateTopics 'order' is not a list of aggregateType=topic pairs")]
    [InlineData("AggregateTopics", "order=-x", "ChangeFeed:Routes:outbox:AggregateTopics names '-x', which is not a Service Bus topic name")]
    public async Task A_bad_outbox_setting_refuses_start_and_names_the_setting(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ChangeFeed:Account"] = "contoso",
            ["ChangeFeed:Routes:outbox:Mode"] = "outbox",
            ["ChangeFeed:Routes:outbox:Database"] = "shop",
            ["ChangeFeed:Routes:outbox:Container"] = "outbox",
            ["ChangeFeed:Routes:outbox:Topic"] = "orders-events",
            ["ChangeFeed:Routes:outbox:PartitionKeyPath"] = "/partitionKey",
            ["ChangeFeed:Routes:outbox:" + key] = value,
        };
        using var host = Build(settings);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outbox_and_eventstore_routes_start_without_a_type_setting()
    {
        var settings = new Dictionary<string, string?>(Valid)
        {
            ["ChangeFeed:Routes:outbox:Mode"] = "outbox",
            ["ChangeFeed:Routes:outbox:Database"] = "shop",
            ["ChangeFeed:Routes:outbox:Container"] = "outbox",
            ["ChangeFeed:Routes:outbox:Topic"] = "orders-events",
            ["ChangeFeed:Routes:outbox:PartitionKeyPath"] = "/partitionKey",
            ["ChangeFeed:Routes:eventstore:Mode"] = "EventStore",
            ["ChangeFeed:Routes:eventstore:Database"] = "shop",
            ["ChangeFeed:Routes:eventstore:Container"] = "events",
            ["ChangeFeed:Routes:eventstore:Topic"] = "orders-stream",
            ["ChangeFeed:Routes:eventstore:PartitionKeyPath"] = "/streamId",
        };
        using var host = Build(settings);
        await host.StartAsync();

        var catalog = host.Services.GetRequiredService<RouteCatalog>();
        Assert.Equal(RouteMode.Outbox, catalog.Get("outbox").Mode);
        Assert.Equal(RouteMode.EventStore, catalog.Get("eventstore").Mode);
        await host.StopAsync();
    }

    [Fact]
    public async Task No_route_at_all_refuses_start()
    {
        using var host = Build(new Dictionary<string, string?> { ["ChangeFeed:Account"] = "contoso" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("ChangeFeed:Routes has no route", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mode_that_is_not_a_mode_refuses_start_naming_the_setting()
    {
        using var host = Build(new Dictionary<string, string?>(Valid) { ["ChangeFeed:Routes:orders:Mode"] = "copy" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("ChangeFeed:Routes:orders:Mode 'copy' is not a mode: how the route reads its container, expected cdc (default), outbox or eventstore", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_misspelt_setting_refuses_start_and_names_it()
    {
        using var host = Build(new Dictionary<string, string?>(Valid) { ["ChangeFeed:Routes:orders:Topik"] = "orders" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("ChangeFeed:Routes:orders:Topik is not a route setting: expected one of ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Asking_for_a_route_that_is_not_configured_names_the_configured_ones()
    {
        using var host = Build(Valid);

        var error = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<RouteCatalog>().Get("invoices"));

        Assert.Equal("No route named 'invoices' is configured under ChangeFeed:Routes (configured: orders).", error.Message);
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        Register(builder);
        return builder.Build();
    }

    private static void Register(HostApplicationBuilder builder)
    {
        builder.Services.AddChangeFeed(builder.Configuration);
        builder.Services.AddSingleton<IParkingLot, InMemoryParkingLot>();
        builder.Services.AddSingleton<IEventPublisher>(new NoPublisher());
    }

    private sealed class NoPublisher : IEventPublisher
    {
        public Task<PublishResult> PublishAsync(IReadOnlyList<Envelope.IntegrationEvent> events, CancellationToken cancellationToken) =>
            Task.FromResult(PublishResult.Empty);
    }
}

using ChangeFeed.EndToEnd.Tests.Infrastructure;
using Microsoft.Extensions.Hosting;

namespace ChangeFeed.EndToEnd.Tests;

/// <summary>Needs no service: the host must refuse before it connects to anything.</summary>
public sealed class bad_configuration_stops_the_host_by_name(ITestOutputHelper output)
{
    private static Dictionary<string, string?> Valid() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["COSMOS"] = "AccountEndpoint=https://127.0.0.1:1/;AccountKey=" + ChangeFeed.StandIns.Cosmos.CosmosStandIn.EmulatorKey + ";",
        ["SERVICEBUS"] = "Endpoint=sb://127.0.0.1:1;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;",
        ["COSMOS_DATABASE"] = "changefeed",
        ["COSMOS_LEASES_CONTAINER"] = "leases",
        ["ChangeFeed:Account"] = "e2e",
        ["ChangeFeed:Routes:orders:Database"] = "changefeed",
        ["ChangeFeed:Routes:orders:Container"] = "orders",
        ["ChangeFeed:Routes:orders:Topic"] = "orders-cdc",
        ["ChangeFeed:Routes:orders:PartitionKeyPath"] = "/customerId",
        ["ChangeFeed:Routes:orders:EventType"] = "com.contoso.orders.order",
    };

    [Theory]
    [InlineData("COSMOS", null, "COSMOS__accountEndpoint or COSMOS is required")]
    [InlineData("SERVICEBUS", null, "SERVICEBUS__fullyQualifiedNamespace or SERVICEBUS is required")]
    [InlineData("COSMOS_DATABASE", null, "COSMOS_DATABASE is required")]
    [InlineData("COSMOS_LEASES_CONTAINER", null, "COSMOS_LEASES_CONTAINER is required")]
    [InlineData("COSMOS_PARKED_TTL", "two weeks", "COSMOS_PARKED_TTL 'two weeks' is not a time span")]
    [InlineData("ChangeFeed:Routes:orders:Topic", null, "ChangeFeed:Routes:orders:Topic is required")]
    [InlineData("ChangeFeed:Routes:orders:Topik", "orders-cdc", "ChangeFeed:Routes:orders:Topik is not a route setting")]
    [InlineData("Host:Mode", "Everything", "Host:Mode 'Everything' is not a mode")]
    [InlineData("Host:StartFrom", "Yesterday", "Host:StartFrom 'Yesterday' is not a start position")]
    [InlineData("Host:PollInterval", "fast", "Host:PollInterval")]
    [InlineData("Host:MaxItemsPerBatch", "0", "Host:MaxItemsPerBatch is 0")]
    [InlineData("Host:RetryMaxBackoff", "00:00:00.100", "Host:RetryMaxBackoff is 00:00:00.1000000: expected at least Host:RetryMinBackoff")]
    [InlineData("Host:Routes", "orders,invoices", "Host:Routes names 'invoices', which is not configured")]
    [InlineData("Host:Pollinterval2", "00:00:01", "Host:Pollinterval2 is not a setting")]
    public async Task the_host_refuses_to_start_and_names_the_setting(string setting, string? value, string message)
    {
        var settings = Valid();
        settings[setting] = value;

        using var host = Scenario.BuildHost(settings, output);
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        output.WriteLine($"{setting}={value ?? "(missing)"} → {failure.GetType().Name}: {failure.Message}");
        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task all_versions_and_deletes_mode_cannot_start_from_the_beginning()
    {
        var settings = Valid();
        settings["Host:Mode"] = "AllVersionsAndDeletes";
        settings["Host:StartFrom"] = "Beginning";

        using var host = Scenario.BuildHost(settings, output);
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        output.WriteLine(failure.Message);
        Assert.Contains("Host:StartFrom is Beginning, but Host:Mode AllVersionsAndDeletes can only start from now", failure.Message, StringComparison.Ordinal);
    }
}

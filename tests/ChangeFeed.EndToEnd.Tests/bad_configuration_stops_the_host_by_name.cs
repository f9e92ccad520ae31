using ChangeFeed.CommandLine;
using ChangeFeed.Tests.Programs;

namespace ChangeFeed.EndToEnd.Tests;

/// <summary>
/// Needs no service: the processor host, as built and started by an operator or an orchestrator, refuses before it
/// connects to anything, names every wrong setting at once (one line each, with an example or the values it takes)
/// and exits with code 4, without a stack trace.
/// </summary>
public sealed class bad_configuration_stops_the_host_by_name(ITestOutputHelper output)
{
    private static Dictionary<string, string?> Valid() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["COSMOS"] = "AccountEndpoint=https://127.0.0.1:1/;AccountKey=" + ChangeFeed.StandIns.Cosmos.CosmosStandIn.EmulatorKey + ";",
        ["SERVICEBUS"] = "Endpoint=sb://127.0.0.1:1;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;",
        ["COSMOS_DATABASE"] = "changefeed",
        ["COSMOS_LEASES_CONTAINER"] = "leases",
        ["ChangeFeed__Account"] = "e2e",
        ["ChangeFeed__Routes__orders__Database"] = "changefeed",
        ["ChangeFeed__Routes__orders__Container"] = "orders",
        ["ChangeFeed__Routes__orders__Topic"] = "orders-cdc",
        ["ChangeFeed__Routes__orders__PartitionKeyPath"] = "/customerId",
        ["ChangeFeed__Routes__orders__EventType"] = "com.contoso.orders.order",
    };

    [Fact]
    public async Task every_wrong_setting_is_named_at_once_and_the_host_exits_4()
    {
        var settings = Valid();
        settings.Remove("COSMOS");
        settings.Remove("SERVICEBUS");
        settings.Remove("COSMOS_DATABASE");
        settings.Remove("COSMOS_LEASES_CONTAINER");
        settings.Remove("ChangeFeed__Routes__orders__Topic");
        settings["COSMOS_PARKED_TTL"] = "two weeks";
        settings["ChangeFeed__Routes__orders__Topik"] = "orders-cdc";
        settings["Host__Mode"] = "Everything";
        settings["Host__StartFrom"] = "Yesterday";
        settings["Host__PollInterval"] = "fast";
        settings["Host__MaxItemsPerBatch"] = "0";
        settings["Host__RetryMaxBackoff"] = "00:00:00.100";
        settings["Host__Pollinterval2"] = "00:00:01";

        var run = await RunAsync(settings);

        string[] expected =
        [
            "COSMOS__accountEndpoint or COSMOS is required: the Cosmos DB account, e.g. ",
            "SERVICEBUS__fullyQualifiedNamespace or SERVICEBUS is required: the Service Bus namespace, e.g. ",
            "COSMOS_DATABASE is required: the Cosmos DB database of the lease and parking containers, e.g. changefeed.",
            "COSMOS_PARKED_TTL 'two weeks' is not a time span of a second or more: how long parked changes are kept, e.g. 14.00:00:00",
            "ChangeFeed:Routes:orders:Topik is not a route setting: expected one of ",
            "ChangeFeed:Routes:orders:Topic is required: the Service Bus topic the events go to, e.g. orders-cdc.",
            "Host:Pollinterval2 is not a setting: expected one of ",
            "Host:PollInterval 'fast' is not a time span ([d.]hh:mm:ss): expected e.g. 00:00:05 (the default).",
            "Host:Mode 'Everything' is not a mode: which change feed the processors read, expected LatestVersion (default) or AllVersionsAndDeletes.",
            "Host:StartFrom 'Yesterday' is not a start position: where a route without leases starts, expected Now (default) or Beginning.",
            "Host:RetryMaxBackoff is 00:00:00.1000000: the longest wait after a failed batch, expected at least Host:RetryMinBackoff (00:00:01), e.g. 00:05:00.",
            "Host:MaxItemsPerBatch is 0: the most changes handed to the relay at once, expected 1 to 10000, e.g. 100.",
            "COSMOS_LEASES_CONTAINER is required: the lease container (partition key /id) the change feed processors keep their positions in, e.g. leases.",
        ];
        Assert.Equal(expected.Length, run.FailedLines.Count);
        Assert.All(expected, message => Assert.Single(run.FailedLines, line => line.StartsWith(message, StringComparison.Ordinal)));
        Assert.Contains($"The processor host cannot start: {expected.Length} settings are missing or invalid.", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Host__Routes", "orders,invoices", null, null,
        "Host:Routes names 'invoices', which is not configured under ChangeFeed:Routes: the routes this instance runs, e.g. orders (the configured ones).")]
    [InlineData("Host__Mode", "AllVersionsAndDeletes", "Host__StartFrom", "Beginning",
        "Host:StartFrom is Beginning, but Host:Mode AllVersionsAndDeletes can only start from now: expected Host:StartFrom=Now (the default) with that mode.")]
    public async Task settings_wrong_only_together_are_named_together(string setting, string value, string? other, string? otherValue, string message)
    {
        var settings = Valid();
        settings[setting] = value;
        if (other is not null)
            settings[other] = otherValue;

        var run = await RunAsync(settings);

        Assert.Equal([message], run.FailedLines);
    }

    private async Task<ProgramRun> RunAsync(Dictionary<string, string?> settings)
    {
        var run = await BuiltProgram.RunAsync("ChangeFeed.Host", [], settings);
        output.WriteLine(run.ToString());
        Assert.Equal(ExitCodes.Configuration, run.ExitCode);
        Assert.All(run.FailedLines, line => Assert.Matches("(e\\.g\\.|expected) ", line));
        Assert.DoesNotContain("   at ", run.Output + run.Error, StringComparison.Ordinal);
        return run;
    }
}

using System.Diagnostics;
using System.Text.RegularExpressions;
using ChangeFeed.CommandLine;
using ChangeFeed.EndToEnd.Tests.Infrastructure;
using ChangeFeed.Tests.Programs;

namespace ChangeFeed.EndToEnd.Tests;

/// <summary>
/// The processor host's <c>check</c> command, run as built against the services: it passes on a correct setup and
/// names each provoked misconfiguration (missing container, wrong partition key, missing topic, refused credential)
/// with what to do, exiting 0 only when everything passed.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed partial class check_finds_each_misconfiguration_before_data_flows(Targets targets, ITestOutputHelper output)
{
    [Fact]
    public async Task a_correct_setup_passes_every_check_with_the_settings_file_azd_writes()
    {
        await using var scenario = await Scenario.StartAsync(targets, output, "check-ok");
        await scenario.AddRouteAsync("orders", "orders", "/customerId", new Dictionary<string, string> { ["EventType"] = "com.contoso.orders.order" });
        await scenario.AddRouteAsync("outbox", "outbox", "/partitionKey", new Dictionary<string, string> { ["Mode"] = "outbox" });
        var clock = Stopwatch.StartNew();

        var run = await scenario.RunBuiltHostAsync(overrides: null, settingsFile: true, "check");

        Print(run, clock);
        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Empty(Lines(run, "FAIL"));
        Assert.Empty(Lines(run, "skip"));
        // Shared: account, lease container, its write, parked container, claim check container; per route: container, change feed, topic.
        Assert.Equal(5 + (2 * 3), Lines(run, "ok").Count);
        Assert.Contains($"ok   lease container {scenario.Database}/leases can be written", run.Output, StringComparison.Ordinal);
        Assert.Contains($"ok   claim check container {targets.Storage.CreateServiceClient().GetBlobContainerClient(scenario.ClaimCheckContainer).Uri} can be written", run.Output, StringComparison.Ordinal);
        Assert.Contains($"ok   watched container {scenario.Database}/orders exists, partition key /customerId", run.Output, StringComparison.Ordinal);
        Assert.Contains($"ok   topic {scenario.Topic} on ", run.Output, StringComparison.Ordinal);
        Assert.Contains("All 11 checks passed", run.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// One run with everything wrong at once (a run of the built program costs seconds): a watched container missing,
    /// one keyed differently from its route, a topic missing, a lease container not keyed on /id. In all-versions-and-deletes
    /// mode, so the change feed is read in that mode (the read Azure refuses on an account without continuous backup).
    /// </summary>
    [Fact]
    public async Task a_missing_container_a_wrong_partition_key_and_a_missing_topic_are_each_named_with_what_to_do()
    {
        await using var scenario = await Scenario.StartAsync(targets, output, "check-bad");
        await targets.Cosmos.CreateContainerAsync(scenario.Database, "leases-by-pk", "/pk");
        scenario.Settings["COSMOS_LEASES_CONTAINER"] = "leases-by-pk";
        scenario.Settings["Host:Mode"] = "AllVersionsAndDeletes";
        scenario.Settings["Host:StartFrom"] = null;
        scenario.Settings["CLAIMCHECK_CONTAINER"] = "absent-large-events";
        await scenario.AddRouteAsync("good", "good", "/pk", new Dictionary<string, string> { ["EventType"] = "item" });
        await scenario.AddRouteAsync("rekeyed", "rekeyed", "/tenantId", new Dictionary<string, string> { ["EventType"] = "item" });
        scenario.Settings["ChangeFeed:Routes:rekeyed:PartitionKeyPath"] = "/pk";
        await scenario.AddRouteAsync("missing", "present", "/pk", new Dictionary<string, string> { ["EventType"] = "item", ["Container"] = "absent" });
        await scenario.AddRouteAsync("untopical", "untopical", "/pk", new Dictionary<string, string> { ["EventType"] = "item", ["Topic"] = $"absent-{scenario.Database}" });
        var clock = Stopwatch.StartNew();

        var run = await scenario.RunBuiltHostAsync(overrides: null, settingsFile: false, "check");

        Print(run, clock);
        Assert.Equal(ExitCodes.Failed, run.ExitCode);
        var database = scenario.Database;
        Assert.Equal(
            [
                $"lease container {database}/leases-by-pk is partitioned on /pk, not /id",
                $"claim check container {targets.Storage.CreateServiceClient().GetBlobContainerClient("absent-large-events").Uri} does not exist",
                $"watched container {database}/absent does not exist",
                $"watched container {database}/rekeyed is partitioned on /tenantId, not /pk",
                $"topic absent-{database} does not exist on {Namespace(run)}",
            ],
            Lines(run, "FAIL"));
        Assert.Contains("The change feed processors need a lease container partitioned on /id", run.Output, StringComparison.Ordinal);
        Assert.Contains("Create it with partition key /pk, or set ChangeFeed__Routes__missing__Container to the container it should be.", run.Output, StringComparison.Ordinal);
        Assert.Contains("Set ChangeFeed__Routes__rekeyed__PartitionKeyPath=/tenantId (the container's key: it orders and keys the events)", run.Output, StringComparison.Ordinal);
        Assert.Contains("or set ChangeFeed__Routes__untopical__Topic to the topic the events go to.", run.Output, StringComparison.Ordinal);
        Assert.Equal(
            [
                $"lease container {database}/leases-by-pk can be written: not checked, it is not partitioned on /id",
                $"change feed of {database}/absent: not checked, the container does not exist",
            ],
            Lines(run, "skip"));
        Assert.Contains($"ok   watched container {database}/good exists, partition key /pk", run.Output, StringComparison.Ordinal);
        Assert.Contains($"ok   change feed of {database}/good can be read (all versions and deletes)", run.Output, StringComparison.Ordinal);
        Assert.Contains("or set CLAIMCHECK_CONTAINER to the container large events go to.", run.Output, StringComparison.Ordinal);
        Assert.Contains("5 failed, 2 not checked", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_refused_credential_is_named_for_each_service_and_what_depends_on_it_is_not_checked()
    {
        await using var scenario = await Scenario.StartAsync(targets, output, "check-refused");
        await scenario.AddRouteAsync("items", "items", "/pk", new Dictionary<string, string> { ["EventType"] = "item" });
        var wrongKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64));
        var overrides = new Dictionary<string, string?>
        {
            ["COSMOS"] = AccountKey().Replace(targets.Cosmos.ConnectionString, $"AccountKey={wrongKey};"),
            ["SERVICEBUS"] = SharedAccessKey().Replace(targets.ServiceBusConnectionString, $"SharedAccessKey={wrongKey};"),
            ["CLAIMCHECK"] = AccountKey().Replace(targets.Storage.ConnectionString, $"AccountKey={wrongKey};"),
        };
        var clock = Stopwatch.StartNew();

        var run = await scenario.RunBuiltHostAsync(overrides, settingsFile: false, "check");

        Print(run, clock);
        Assert.Equal(ExitCodes.Failed, run.ExitCode);
        Assert.Empty(Lines(run, "ok"));
        var failed = Lines(run, "FAIL");
        Assert.Equal(3, failed.Count);
        Assert.Matches("^account .* answers, signed in with a key, from the connection string in COSMOS: refused with 401 Unauthorized$", failed[0]);
        Assert.Matches("^claim check container .* can be written, signed in with a key, from the connection string in CLAIMCHECK: refused with 403 ", failed[1]);
        Assert.Matches($"^topic {scenario.Topic} on .* accepts a sender link, signed in with a key, from the connection string in SERVICEBUS: refused ", failed[2]);
        Assert.Contains("The key in CLAIMCHECK is not accepted", run.Output, StringComparison.Ordinal);
        Assert.Contains("The key in COSMOS is not this account's", run.Output, StringComparison.Ordinal);
        Assert.Contains("The key in SERVICEBUS is not accepted", run.Output, StringComparison.Ordinal);
        Assert.All(Lines(run, "skip"), line => Assert.EndsWith("not checked, the account did not answer", line, StringComparison.Ordinal));
        Assert.Equal(3, Lines(run, "skip").Count);
    }

    /// <summary>The subjects of the lines marked <paramref name="mark"/> (plain output: the program's output is redirected).</summary>
    private static List<string> Lines(ProgramRun run, string mark) =>
        run.Output.Split('\n').Select(line => line.TrimEnd('\r'))
            .Where(line => line.StartsWith($"  {mark.PadRight(4)} ", StringComparison.Ordinal))
            .Select(line => line[7..])
            .ToList();

    private static string Namespace(ProgramRun run) =>
        Regex.Match(run.Output, "topic \\S+ on (\\S+)").Groups[1].Value;

    private void Print(ProgramRun run, Stopwatch clock) =>
        output.WriteLine($"FIGURES checks {Lines(run, "ok").Count + Lines(run, "FAIL").Count + Lines(run, "skip").Count}, passed {Lines(run, "ok").Count}, "
            + $"failed {Lines(run, "FAIL").Count}, not checked {Lines(run, "skip").Count}, exit code {run.ExitCode}, elapsed {clock.Elapsed.TotalSeconds:F1} s");

    [GeneratedRegex("AccountKey=[^;]*;?")]
    private static partial Regex AccountKey();

    [GeneratedRegex("SharedAccessKey=[^;]*;?")]
    private static partial Regex SharedAccessKey();
}

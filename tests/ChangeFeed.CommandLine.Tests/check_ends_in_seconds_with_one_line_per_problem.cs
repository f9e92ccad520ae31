using ChangeFeed.CommandLine;
using ChangeFeed.Tests.Programs;

namespace ChangeFeed.CommandLine.Tests;

/// <summary>
/// <c>check</c> in the first hour (<see cref="FirstSteps"/>): a dead or silent service said once, what depends on it
/// skipped, in seconds; the environment wins over the <c>--settings</c> file.
/// </summary>
public sealed class check_ends_in_seconds_with_one_line_per_problem(ITestOutputHelper output) : IDisposable
{
    private readonly SettingsFiles files = new();

    [Fact]
    public async Task check_with_the_services_not_started_says_so_once_each_and_skips_what_depends_on_them_in_seconds()
    {
        var (cosmos, serviceBus) = (FirstSteps.FreePort(), FirstSteps.FreePort());

        var (run, took) = await FirstSteps.TimedAsync(output, "ChangeFeed.Host", ["check"], FirstSteps.NothingStarted(cosmos, serviceBus));

        Assert.Equal(ExitCodes.Failed, run.ExitCode);
        FirstSteps.AssertFewLinesNoStack(run, 16);
        var failed = FirstSteps.Lines(run.Output).Where(line => line.StartsWith("  FAIL ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, failed.Count);
        Assert.Contains(failed, line => line.Contains($"Cosmos DB (COSMOS) at 127.0.0.1:{cosmos} (HTTPS): connection refused", StringComparison.Ordinal));
        Assert.Contains(failed, line => line.Contains($"Service Bus (SERVICEBUS) at 127.0.0.1:{serviceBus} (AMQP): connection refused", StringComparison.Ordinal));
        Assert.Contains("  skip topic orders-cdc: not checked, the namespace did not answer", run.Output, StringComparison.Ordinal);
        Assert.Contains(ServiceEndpoint.StartEmulators, run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("5671", run.Output, StringComparison.Ordinal);
        Assert.True(took < FirstSteps.Seconds, $"took {took}");
    }

    [Fact]
    public async Task check_against_a_cosmos_db_that_accepts_connections_but_never_answers_says_so_in_seconds()
    {
        using var silent = new SilentService();

        var (run, took) = await FirstSteps.TimedAsync(output, "ChangeFeed.Host", ["check"], FirstSteps.NothingStarted(silent.Port, FirstSteps.FreePort()));

        Assert.Equal(ExitCodes.Failed, run.ExitCode);
        FirstSteps.AssertFewLinesNoStack(run, 1);
        Assert.Matches($"FAIL account https://127.0.0.1:{silent.Port}/ answers, .*: no answer from https://127.0.0.1:{silent.Port}/", run.Output);
        Assert.Contains("  skip lease container changefeed/leases: not checked, the account did not answer", run.Output, StringComparison.Ordinal);
        Assert.True(took < FirstSteps.Seconds, $"took {took}");
    }

    [Fact]
    public async Task environment_variables_win_over_the_settings_file_as_with_func_start()
    {
        var settings = FirstSteps.NothingStarted(FirstSteps.FreePort(), FirstSteps.FreePort());
        var file = files.Write(settings.Where(pair => pair.Key != "COSMOS_LEASES_CONTAINER").Append(new("COSMOS_LEASES_CONTAINER", "from-file")));

        var run = await BuiltProgram.RunAsync("ChangeFeed.Host", ["check", "--settings", file], new Dictionary<string, string?> { ["COSMOS_LEASES_CONTAINER"] = "from-environment" });
        output.WriteLine(run.ToString());

        Assert.Contains("lease container changefeed/from-environment", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("from-file", run.Output, StringComparison.Ordinal);
    }

    public void Dispose() => files.Dispose();
}

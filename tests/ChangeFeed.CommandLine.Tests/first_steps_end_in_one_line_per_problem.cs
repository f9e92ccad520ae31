using ChangeFeed.CommandLine;

namespace ChangeFeed.CommandLine.Tests;

/// <summary>
/// The first hour's commands with the services not started (issue 25's table; <see cref="FirstSteps"/>): one line per
/// service naming its setting, where it was tried and what to do, exit code 1, in seconds.
/// </summary>
public sealed class first_steps_end_in_one_line_per_problem(ITestOutputHelper output) : IDisposable
{
    private readonly SettingsFiles files = new();

    public static TheoryData<string[]> HostCommands => new()
    {
        { ["run"] },
        { ["parked", "list", "orders"] },
        { ["backfill", "orders", "--subscription", "x", "--dry-run"] },
    };

    [Theory]
    [MemberData(nameof(HostCommands))]
    public async Task a_command_with_the_services_not_started_names_each_in_one_line_and_exits_1(string[] args)
    {
        var (cosmos, serviceBus) = (FirstSteps.FreePort(), FirstSteps.FreePort());

        var (run, took) = await FirstSteps.TimedAsync(output, "ChangeFeed.Host", args, FirstSteps.NothingStarted(cosmos, serviceBus));

        Assert.Equal(ExitCodes.Failed, run.ExitCode);
        FirstSteps.AssertFewLinesNoStack(run, 4);
        Assert.Contains($"Cosmos DB (COSMOS) at 127.0.0.1:{cosmos} (HTTPS): connection refused", run.Error, StringComparison.Ordinal);
        Assert.Contains($"Service Bus (SERVICEBUS) at 127.0.0.1:{serviceBus} (AMQP): connection refused", run.Error, StringComparison.Ordinal);
        Assert.Contains(ServiceEndpoint.StartEmulators, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Hosting failed to start", run.Error, StringComparison.Ordinal);
        Assert.True(took < FirstSteps.Seconds, $"took {took}");
    }

    [Fact]
    public async Task the_subscriber_with_the_services_not_started_names_each_in_one_line_and_reads_a_settings_file()
    {
        var (cosmos, serviceBus) = (FirstSteps.FreePort(), FirstSteps.FreePort());
        var file = files.Write(FirstSteps.NothingStarted(cosmos, serviceBus));

        var (run, took) = await FirstSteps.TimedAsync(output, "ChangeFeed.Subscriber", ["--settings", file], []);

        Assert.Equal(ExitCodes.Failed, run.ExitCode);
        FirstSteps.AssertFewLinesNoStack(run, 2);
        Assert.Contains($"The subscriber cannot run: Cosmos DB (COSMOS) at 127.0.0.1:{cosmos} (HTTPS): connection refused", run.Error, StringComparison.Ordinal);
        Assert.Contains($"The subscriber cannot run: Service Bus (SERVICEBUS) at 127.0.0.1:{serviceBus} (AMQP): connection refused", run.Error, StringComparison.Ordinal);
        Assert.True(took < FirstSteps.Seconds, $"took {took}");
    }

    public void Dispose() => files.Dispose();
}

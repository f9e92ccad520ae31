using System.Diagnostics;
using ChangeFeed.CommandLine;
using ChangeFeed.Tests.Programs;

namespace ChangeFeed.CommandLine.Tests;

/// <summary>
/// The first Ctrl+C while <c>run</c> waits on a Cosmos DB that accepts connections but never answers (<see cref="FirstSteps"/>).
/// </summary>
public sealed class a_stop_while_starting_ends_at_once(ITestOutputHelper output)
{
    [Fact]
    public async Task the_first_stop_ends_a_start_waiting_on_a_silent_cosmos_db_at_once()
    {
        using var silent = new SilentService();
        var settings = FirstSteps.NothingStarted(silent.Port, FirstSteps.FreePort());
        using var running = BuiltProgram.Start("ChangeFeed.Host", ["run"], settings);
        await silent.ConnectedAsync(TimeSpan.FromMinutes(1)); // the processor's start is waiting on it

        var stopwatch = Stopwatch.StartNew();
        await running.InterruptAsync();
        var run = await running.ExitedAsync("run");
        stopwatch.Stop();
        output.WriteLine($"{run}\nstopped in {stopwatch.Elapsed}");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("The processor host stopped while starting: no processor had started, nothing was read or checkpointed.", run.Error, StringComparison.Ordinal);
        FirstSteps.AssertFewLinesNoStack(run, 3);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"stopped in {stopwatch.Elapsed} (the aim is under 2 s; before, about 30 s)");
    }
}

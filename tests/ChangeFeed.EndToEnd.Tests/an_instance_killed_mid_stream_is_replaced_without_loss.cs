using ChangeFeed.EndToEnd.Tests.Infrastructure;

namespace ChangeFeed.EndToEnd.Tests;

/// <summary>
/// Two processor-host processes share eight feed ranges; while the writes go on, one is killed with SIGKILL (no
/// graceful stop, no last checkpoint: its leases are left to expire) and a replacement with a new name is started, as
/// a container platform replaces a dead replica. Nothing is lost, each key's changes arrive in write order, and the
/// re-sends are at most the pages that were in flight on the leases that moved.
/// </summary>
[Collection(ScaleOutSuite.Name)]
public sealed class an_instance_killed_mid_stream_is_replaced_without_loss(Targets targets, ITestOutputHelper output)
{
    [Theory]
    [InlineData(false, 200, 25)] // 5,000 changes
    [InlineData(true, 200, 8)]   // 1,600 writes + 400 deletes
    public async Task a_sigkilled_instance_loses_nothing_and_its_replacement_takes_over(bool allVersions, int keys, int perKey)
    {
        await using var run = await ScaleOut.StartAsync(targets, output, allVersions ? "kill-avad" : "kill", allVersions, feedRanges: 8);
        var writes = run.Writes(keys, perKey, pacedSeconds: 12);

        await run.StartFirstHostAsync("host-a");
        var doomed = await run.StartHostAsync("host-b");
        await run.EveryInstanceOwnsLeasesAsync(TimeSpan.FromSeconds(60));
        var writing = writes.RunAsync();
        await writes.ReachedAsync(0.4, TimeSpan.FromMinutes(3));
        await run.KillAsync(doomed);
        await run.StartHostAsync("host-c");
        await writing;
        run.Log($"{writes.Total} writes done");
        await run.DeliveredAsync(writes.Expected, TimeSpan.FromMinutes(5));
        await run.EveryInstanceOwnsLeasesAsync(TimeSpan.FromSeconds(60)); // the replacement took over leases

        var result = await run.FiguresAsync(writes.Expected);
        result.AssertEveryEventOnceInKeyOrder(writes.Total);
        Assert.True(doomed.Killed && doomed.HasExited);
        Assert.All(run.Hosts.Where(h => !h.Killed), host => Assert.False(host.HasExited, $"{host.InstanceName} exited"));
    }
}

using ChangeFeed.EndToEnd.Tests.Infrastructure;

namespace ChangeFeed.EndToEnd.Tests;

/// <summary>
/// Scale-out: three processor-host processes on one route over eight feed ranges, started at different moments while
/// the writes go on. The leases spread over all three (one lease per feed range, moved by the processors' own load
/// balancing); nothing is lost, each key's changes arrive in write order, and the only repeats are pages that were in
/// flight when a lease moved, which duplicate detection drops.
/// </summary>
[Collection(ScaleOutSuite.Name)]
public sealed class three_instances_share_eight_feed_ranges(Targets targets, ITestOutputHelper output)
{
    [Theory]
    [InlineData(false, 500, 40)] // 20,000 changes over 500 keys
    [InlineData(true, 200, 10)]  // 2,000 writes + 400 deletes: every version is an event
    public async Task instances_started_while_writes_go_on_all_take_leases_and_nothing_is_lost_or_reordered(bool allVersions, int keys, int perKey)
    {
        await using var run = await ScaleOut.StartAsync(targets, output, allVersions ? "scale-avad" : "scale", allVersions, feedRanges: 8);
        var writes = run.Writes(keys, perKey, pacedSeconds: 20);

        await run.StartFirstHostAsync("host-a");
        var writing = writes.RunAsync();
        await writes.ReachedAsync(0.3, TimeSpan.FromMinutes(3));
        await run.StartHostAsync("host-b");
        await writes.ReachedAsync(0.6, TimeSpan.FromMinutes(3));
        await run.StartHostAsync("host-c");
        await writing;
        run.Log($"{writes.Total} writes done");
        await run.DeliveredAsync(writes.Expected, TimeSpan.FromMinutes(5));
        await run.EveryInstanceOwnsLeasesAsync(TimeSpan.FromSeconds(60));

        var result = await run.FiguresAsync(writes.Expected);
        result.AssertEveryEventOnceInKeyOrder(writes.Total);
        Assert.Equal(0, result.Figures.Parked);
        Assert.All(run.Hosts, host => Assert.False(host.HasExited, $"{host.InstanceName} exited"));
    }
}

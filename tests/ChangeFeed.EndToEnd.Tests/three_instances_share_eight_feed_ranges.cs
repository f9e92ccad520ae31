using ChangeFeed.EndToEnd.Tests.Infrastructure;

namespace ChangeFeed.EndToEnd.Tests;

/// <summary>
/// Scale-out: three processor-host processes on one route over eight feed ranges, started at different moments while
/// the writes go on. The leases spread over all three (one lease per feed range, moved by the processors' own load
/// balancing); nothing is lost, each key's changes arrive in write order, and the only repeats are pages that were in
/// flight when a lease moved, which duplicate detection drops.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed class three_instances_share_eight_feed_ranges(Targets targets, ITestOutputHelper output)
{
    [Theory]
    [InlineData(false, 500, 40)] // 20,000 changes over 500 keys
    [InlineData(true, 200, 10)]  // 2,000 writes + 500 deletes: every version is an event
    public async Task instances_started_while_writes_go_on_all_take_leases_and_nothing_is_lost_or_reordered(bool allVersions, int keys, int perKey)
    {
        await using var run = await ScaleOut.StartAsync(targets, output, allVersions ? "scale-avad" : "scale", allVersions, feedRanges: 8);
        var writes = new KeyedWrites(run.Items, keys, ScaleOut.Size(perKey), deleteEvery: allVersions ? 4 : 0, minimumDuration: TimeSpan.FromSeconds(ScaleOut.Size(20)));

        await run.StartHostAsync("host-a");
        if (allVersions)
            await run.WarmUpAsync();
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
        var figures = result.Figures;
        Assert.Equal(0, figures.Lost);
        Assert.Equal(writes.Total, figures.Delivered);
        Assert.Equal(0, figures.Duplicates);
        Assert.Equal(0, figures.OrderViolations);
        Assert.Equal(0, figures.Parked);
        Assert.All(run.Hosts, host => Assert.False(host.HasExited, $"{host.InstanceName} exited"));
        if (figures.DroppedByDuplicateDetection is { } resent)
            Assert.True(resent <= result.ResendBound, $"{resent} re-sends, more than one page for each of the {result.LeaseMoves} lease moves and {result.FailedRelays} failed relays");
    }
}

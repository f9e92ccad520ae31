using ChangeFeed.EndToEnd.Tests.Infrastructure;

namespace ChangeFeed.EndToEnd.Tests;

/// <summary>
/// The throughput figures of docs/scale.md: a backlog written first, then drained by one or by three processor-host
/// processes started together on eight feed ranges. It asserts what must hold (nothing lost, duplicated or reordered,
/// every instance owning leases) and prints changes/s and CPU per change per process; it does not assert speed.
/// </summary>
[Collection(ScaleOutSuite.Name)]
public sealed class a_backlog_drains_with_one_and_with_three_instances(Targets targets, ITestOutputHelper output)
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task a_backlog_of_changes_is_drained_without_loss_and_the_figures_are_printed(int instances)
    {
        await using var run = await ScaleOut.StartAsync(targets, output, $"drain-{instances}", allVersions: false, feedRanges: 8);
        var writes = run.Writes(keys: 500, perKey: 8);
        await writes.RunAsync();
        run.Log($"{writes.Total} changes written before any instance starts");

        await Task.WhenAll(Enumerable.Range(0, instances).Select(i => run.StartHostAsync($"host-{(char)('a' + i)}")));
        await run.DeliveredAsync(writes.Expected, TimeSpan.FromMinutes(5));
        await run.EveryInstanceOwnsLeasesAsync(TimeSpan.FromSeconds(60));

        var result = await run.FiguresAsync(writes.Expected);
        result.AssertEveryEventOnceInKeyOrder(writes.Total);
    }
}

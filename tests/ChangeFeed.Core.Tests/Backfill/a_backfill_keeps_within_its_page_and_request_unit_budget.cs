using ChangeFeed.Backfill;
using Microsoft.Extensions.Time.Testing;

namespace ChangeFeed.Core.Tests.Backfill;

/// <summary>
/// The pace: a page's charge is known only after it was read, so each page pushes the next read back by its share of
/// the budget. Over any stretch the pages and request units read stay within the budget, and a slow stretch (a slow
/// publish) is not made up for with a burst. Measured on a fake clock: no wall-clock timing.
/// </summary>
public sealed class a_backfill_keeps_within_its_page_and_request_unit_budget
{
    [Fact]
    public void pages_per_second_space_the_reads_evenly()
    {
        var time = new FakeTimeProvider();
        var pace = new BackfillPace(pagesPerSecond: 4, requestUnitsPerSecond: null, time);

        Assert.Equal(TimeSpan.FromMilliseconds(250), pace.Record(requestCharge: 1000));
        time.Advance(TimeSpan.FromMilliseconds(250));
        Assert.Equal(TimeSpan.FromMilliseconds(250), pace.Record(requestCharge: 1000));
    }

    [Fact]
    public void a_request_unit_budget_waits_for_what_the_last_page_cost()
    {
        var time = new FakeTimeProvider();
        var pace = new BackfillPace(pagesPerSecond: null, requestUnitsPerSecond: 100, time);

        Assert.Equal(TimeSpan.FromSeconds(0.5), pace.Record(requestCharge: 50));
        time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal(TimeSpan.FromSeconds(3), pace.Record(requestCharge: 300));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(2), pace.Record(requestCharge: 0)); // still paying for the expensive page
    }

    [Fact]
    public void the_stricter_budget_wins()
    {
        var time = new FakeTimeProvider();
        var pace = new BackfillPace(pagesPerSecond: 10, requestUnitsPerSecond: 100, time);

        Assert.Equal(TimeSpan.FromSeconds(0.1), pace.Record(requestCharge: 5));   // pages: 0.1 s, units: 0.05 s
        time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(TimeSpan.FromSeconds(0.4), pace.Record(requestCharge: 40));  // units: 0.4 s
    }

    [Fact]
    public void a_slow_stretch_is_not_made_up_for_with_a_burst()
    {
        var time = new FakeTimeProvider();
        var pace = new BackfillPace(pagesPerSecond: 2, requestUnitsPerSecond: null, time);

        pace.Record(1);
        time.Advance(TimeSpan.FromSeconds(30)); // a publish that took long

        Assert.Equal(TimeSpan.FromSeconds(0.5), pace.Record(1));
    }

    [Fact]
    public async Task over_a_run_reads_stay_within_the_budget()
    {
        var time = new FakeTimeProvider();
        var pace = new BackfillPace(pagesPerSecond: 5, requestUnitsPerSecond: 40, time);
        var charges = new[] { 3.0, 12, 0, 7.5, 20, 1, 1, 1, 16, 2 };
        var start = time.GetUtcNow();
        var spent = 0.0;
        foreach (var charge in charges)
        {
            // A read at this instant, then the wait the pace asks for, elapsed on the fake clock.
            spent += charge;
            pace.Record(charge);
            var wait = pace.WaitAsync(CancellationToken.None);
            while (!wait.IsCompleted)
                time.Advance(TimeSpan.FromMilliseconds(10));
            await wait;
            var elapsed = (time.GetUtcNow() - start).TotalSeconds;
            Assert.True(spent <= 40 * elapsed + 1e-9, $"{spent} RU in {elapsed} s");
        }

        Assert.True((time.GetUtcNow() - start).TotalSeconds >= charges.Length / 5.0 - 1e-9);
    }

    [Fact]
    public void no_budget_never_waits_and_a_budget_must_be_positive()
    {
        Assert.Equal(TimeSpan.Zero, BackfillPace.Unlimited(new FakeTimeProvider()).Record(10_000));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BackfillPace(0, null, TimeProvider.System));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BackfillPace(null, double.NaN, TimeProvider.System));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BackfillPace(-1, null, TimeProvider.System));
    }
}

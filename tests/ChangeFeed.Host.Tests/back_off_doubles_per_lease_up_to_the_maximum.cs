using ChangeFeed.Host.Processing;

namespace ChangeFeed.Host.Tests;

public sealed class back_off_doubles_per_lease_up_to_the_maximum
{
    [Fact]
    public void consecutive_failures_double_the_wait_until_the_maximum()
    {
        var backoff = new RetryBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));

        var delays = Enumerable.Range(0, 12).Select(_ => backoff.NextDelay("orders/0")).ToList();

        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300], delays.Select(d => d.TotalSeconds));
        Assert.Equal(12, backoff.Failures("orders/0"));
    }

    [Fact]
    public void a_success_starts_over_and_leases_do_not_share_their_count()
    {
        var backoff = new RetryBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        backoff.NextDelay("orders/0");
        backoff.NextDelay("orders/0");

        var otherLease = backoff.NextDelay("orders/1");
        backoff.Reset("orders/0");

        Assert.Equal(TimeSpan.FromSeconds(1), otherLease);
        Assert.Equal(TimeSpan.FromSeconds(1), backoff.NextDelay("orders/0"));
    }

    [Fact]
    public void thousands_of_failures_never_overflow()
    {
        var backoff = new RetryBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        for (var i = 0; i < 10_000; i++)
            backoff.NextDelay("orders/0");

        Assert.Equal(TimeSpan.FromMinutes(5), backoff.NextDelay("orders/0"));
    }
}

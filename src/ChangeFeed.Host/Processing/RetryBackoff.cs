using System.Collections.Concurrent;

namespace ChangeFeed.Host.Processing;

/// <summary>
/// Exponential back-off per lease: the first failure of a lease waits <c>min</c>, each further consecutive failure
/// twice as long, up to <c>max</c>; a success starts it over. Leases do not slow each other down.
/// </summary>
public sealed class RetryBackoff(TimeSpan min, TimeSpan max)
{
    private readonly ConcurrentDictionary<string, int> failures = new(StringComparer.Ordinal);

    /// <summary>Records a failure of the lease and returns how long to wait before the batch is tried again.</summary>
    public TimeSpan NextDelay(string lease)
    {
        var count = failures.AddOrUpdate(lease, 1, (_, previous) => previous == int.MaxValue ? previous : previous + 1);
        return Delay(count);
    }

    /// <summary>The lease's batch went through: its next failure waits the minimum again.</summary>
    public void Reset(string lease) => failures.TryRemove(lease, out _);

    /// <summary>Consecutive failures of the lease so far.</summary>
    public int Failures(string lease) => failures.GetValueOrDefault(lease);

    private TimeSpan Delay(int failureCount)
    {
        var exponent = Math.Min(failureCount - 1, 30);
        var ticks = min.Ticks * Math.Pow(2, exponent);
        return ticks >= max.Ticks ? max : TimeSpan.FromTicks((long)ticks);
    }
}

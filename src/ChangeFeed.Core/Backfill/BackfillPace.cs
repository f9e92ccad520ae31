namespace ChangeFeed.Backfill;

/// <summary>
/// Keeps a backfill under a budget so that it does not starve the live relay of request units: at most
/// <c>pagesPerSecond</c> pages and <c>requestUnitsPerSecond</c> request units per second. A page's charge is known
/// only once it was read, so the budget is paid after the fact: each page pushes the earliest time of the next read
/// back by what it cost (a page's share of the second, or its charge over the budget), never earlier than now, so a
/// slow stretch is not followed by a burst.
/// </summary>
public sealed class BackfillPace(double? pagesPerSecond, double? requestUnitsPerSecond, TimeProvider timeProvider)
{
    private long nextRead = timeProvider.GetTimestamp();

    /// <summary>No budget: never waits.</summary>
    public static BackfillPace Unlimited(TimeProvider timeProvider) => new(null, null, timeProvider);

    public double? PagesPerSecond { get; } = Positive(pagesPerSecond, nameof(pagesPerSecond));

    public double? RequestUnitsPerSecond { get; } = Positive(requestUnitsPerSecond, nameof(requestUnitsPerSecond));

    /// <summary>Records a page read at <paramref name="requestCharge"/> request units; returns how long to wait before the next read.</summary>
    public TimeSpan Record(double requestCharge)
    {
        var cost = Math.Max(
            PagesPerSecond is { } pages ? 1 / pages : 0,
            RequestUnitsPerSecond is { } units ? Math.Max(0, requestCharge) / units : 0);
        var now = timeProvider.GetTimestamp();
        nextRead = Math.Max(nextRead, now) + (long)(cost * timeProvider.TimestampFrequency);
        return Until(now);
    }

    /// <summary>Waits until the next read is within budget.</summary>
    public Task WaitAsync(CancellationToken cancellationToken)
    {
        var wait = Until(timeProvider.GetTimestamp());
        return wait > TimeSpan.Zero ? Task.Delay(wait, timeProvider, cancellationToken) : Task.CompletedTask;
    }

    private TimeSpan Until(long now) =>
        nextRead > now ? TimeSpan.FromSeconds((nextRead - now) / (double)timeProvider.TimestampFrequency) : TimeSpan.Zero;

    private static double? Positive(double? value, string name) =>
        value is null || (value > 0 && double.IsFinite(value.Value)) ? value : throw new ArgumentOutOfRangeException(name, value, "A budget must be a positive number.");
}

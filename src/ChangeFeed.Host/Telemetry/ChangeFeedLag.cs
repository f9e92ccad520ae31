using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ChangeFeed.Telemetry;

namespace ChangeFeed.Host.Telemetry;

/// <summary>
/// The <c>changefeed.lag</c> gauge on the <c>ChangeFeed</c> meter: changes written but not yet relayed, per route
/// (<c>changefeed.route</c> tag), as the change feed estimator last reported them.
/// </summary>
public sealed class ChangeFeedLag
{
    public const string InstrumentName = "changefeed.lag";

    private readonly ConcurrentDictionary<string, long> lag = new(StringComparer.Ordinal);

    public ChangeFeedLag(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        meterFactory.Create(ChangeFeedTelemetry.Name).CreateObservableGauge(
            InstrumentName,
            () => lag.Select(pair => new Measurement<long>(pair.Value, new KeyValuePair<string, object?>("changefeed.route", pair.Key))),
            "{change}",
            "Changes in the watched container not yet relayed, from the change feed estimator.");
    }

    /// <summary>The last estimate per route.</summary>
    public IReadOnlyDictionary<string, long> Current => lag;

    public void Record(string route, long estimatedLag) => lag[route] = estimatedLag;
}

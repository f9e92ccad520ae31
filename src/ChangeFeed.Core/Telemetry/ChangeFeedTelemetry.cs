using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ChangeFeed.Telemetry;

/// <summary>The <c>ChangeFeed</c> ActivitySource and Meter: add both names to OpenTelemetry to export them.</summary>
public sealed class ChangeFeedTelemetry : IDisposable
{
    /// <summary>The name of the ActivitySource and of the Meter.</summary>
    public const string Name = "ChangeFeed";

    private readonly Counter<long> published;
    private readonly Counter<long> claimChecked;
    private readonly Counter<long> parked;
    private readonly Counter<long> batches;
    private readonly Counter<long> failed;
    private readonly Histogram<double> publishDuration;

    public ChangeFeedTelemetry(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ActivitySource = new ActivitySource(Name);
        var meter = meterFactory.Create(Name);
        published = meter.CreateCounter<long>("changefeed.events.published", "{event}", "Integration events sent to Service Bus.");
        claimChecked = meter.CreateCounter<long>(
            "changefeed.events.claimchecked", "{event}", "Of the events published, those too large for their topic whose data went to the claim check store (Blob Storage), the message referring to it.");
        parked = meter.CreateCounter<long>("changefeed.changes.parked", "{change}", "Changes parked instead of published.");
        batches = meter.CreateCounter<long>("changefeed.batches.sent", "{batch}", "Message batches sent.");
        failed = meter.CreateCounter<long>(
            "changefeed.relays.failed", "{relay}", "Change feed batches not relayed (publishing or parking failed; the host reads them again), and changes that could not be read, routed or encoded (parked).");
        publishDuration = meter.CreateHistogram<double>("changefeed.publish.duration", "s", "Time to publish the events of one change feed batch.");
    }

    public ActivitySource ActivitySource { get; }

    public void Record(string route, int publishedEvents, int claimCheckedEvents, int parkedChanges, int sentBatches, TimeSpan publishTime)
    {
        var tag = new KeyValuePair<string, object?>("changefeed.route", route);
        published.Add(publishedEvents, tag);
        claimChecked.Add(claimCheckedEvents, tag);
        parked.Add(parkedChanges, tag);
        batches.Add(sentBatches, tag);
        publishDuration.Record(publishTime.TotalSeconds, tag);
    }

    /// <summary>A change feed batch could not be relayed: it is not checkpointed and will be read again.</summary>
    public void RecordFailure(string route) => failed.Add(1, new KeyValuePair<string, object?>("changefeed.route", route));

    /// <summary>A change could not be read as JSON before the relay: it is parked (<c>error.type</c> <c>unreadable_change</c>).</summary>
    public void RecordUnreadable(string route) =>
        failed.Add(1, new KeyValuePair<string, object?>("changefeed.route", route), new KeyValuePair<string, object?>("error.type", "unreadable_change"));

    /// <summary>Reading, routing, translating or encoding one change threw: it is parked (<c>error.type</c>: the exception's type).</summary>
    public void RecordUnrelayable(string route, string errorType) =>
        failed.Add(1, new KeyValuePair<string, object?>("changefeed.route", route), new KeyValuePair<string, object?>("error.type", errorType));

    public void Dispose() => ActivitySource.Dispose();
}

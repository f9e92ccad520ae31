using System.Diagnostics.Metrics;

namespace ChangeFeed.Benchmarks.Process;

/// <summary>
/// Counts what the relay reports on its <c>ChangeFeed</c> meter in this process: events published, Service Bus batches
/// sent, and relayed pages (one publish duration per change feed batch).
/// </summary>
public sealed class RelayMeter : IDisposable
{
    private readonly MeterListener listener;
    private long published;
    private long batches;
    private long pages;

    public RelayMeter()
    {
        listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "ChangeFeed" && instrument.Name is "changefeed.events.published" or "changefeed.batches.sent" or "changefeed.publish.duration")
                    l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "changefeed.events.published")
                Interlocked.Add(ref published, value);
            else
                Interlocked.Add(ref batches, value);
        });
        listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref pages));
        listener.Start();
    }

    public long Published => Interlocked.Read(ref published);

    public long Batches => Interlocked.Read(ref batches);

    public long Pages => Interlocked.Read(ref pages);

    public void Dispose() => listener.Dispose();
}

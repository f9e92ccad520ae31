using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChangeFeed.EndToEnd.Tests.Infrastructure;

/// <summary>Listens to one host's <c>changefeed.relays.failed</c> counter (its own meter factory, not other hosts').</summary>
public sealed class FailedRelays : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly HashSet<string> routes = new(StringComparer.Ordinal);
    private long count;

    private FailedRelays(IMeterFactory factory)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "changefeed.relays.failed" && ReferenceEquals(instrument.Meter.Scope, factory))
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            Interlocked.Add(ref count, value);
            foreach (var tag in tags)
            {
                if (tag.Key == "changefeed.route" && tag.Value is string route)
                {
                    lock (routes)
                        routes.Add(route);
                }
            }
        });
        listener.Start();
    }

    public long Count => Interlocked.Read(ref count);

    public IReadOnlyList<string> Routes
    {
        get
        {
            lock (routes)
                return [.. routes.Order(StringComparer.Ordinal)];
        }
    }

    public static FailedRelays Of(IHost host) => new(host.Services.GetRequiredService<IMeterFactory>());

    public void Dispose() => listener.Dispose();
}

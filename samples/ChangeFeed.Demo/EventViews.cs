using System.Collections.Concurrent;
using ChangeFeed.CommandLine;
using Spectre.Console;

namespace ChangeFeed.Demo;

/// <summary>How the demo shows arriving events: a live table on a terminal, one plain line each when output is redirected.</summary>
internal interface IEventView
{
    void Arrived(ArrivedEvent arrived);

    /// <summary>Shows the view until <paramref name="stopping"/> is cancelled.</summary>
    Task ShowAsync(EventWatch watch, HandledEvents handled, CancellationToken stopping);

    public static IEventView For(CommandConsole console) =>
        console.OutputStyle.IsTerminal ? new LiveEventView() : new PlainEventView(console.Output);
}

/// <summary>One line per event: <c>route type session id data</c>, tab-separated, for scripts and logs.</summary>
internal sealed class PlainEventView(TextWriter output) : IEventView
{
    private readonly Lock gate = new();

    public void Arrived(ArrivedEvent arrived)
    {
        lock (gate)
        {
            output.WriteLine($"event\t{arrived.Route}\t{arrived.Type}\t{arrived.Session}\t{arrived.Id}\t{arrived.DataExcerpt}");
            output.Flush();
        }
    }

    public Task ShowAsync(EventWatch watch, HandledEvents handled, CancellationToken stopping) =>
        Task.Delay(Timeout.Infinite, stopping).ContinueWith(_ => { }, TaskScheduler.Default);
}

/// <summary>The latest events and the counts per route, redrawn in place four times a second.</summary>
internal sealed class LiveEventView : IEventView
{
    private const int Shown = 12;
    private readonly ConcurrentQueue<ArrivedEvent> latest = new();

    public void Arrived(ArrivedEvent arrived)
    {
        latest.Enqueue(arrived);
        while (latest.Count > Shown && latest.TryDequeue(out _))
        {
        }
    }

    public async Task ShowAsync(EventWatch watch, HandledEvents handled, CancellationToken stopping)
    {
        await AnsiConsole.Live(Render(watch, handled)).StartAsync(async context =>
        {
            while (!stopping.IsCancellationRequested)
            {
                context.UpdateTarget(Render(watch, handled));
                await Task.Delay(250, CancellationToken.None);
            }

            context.UpdateTarget(Render(watch, handled));
        });
    }

    private Table Render(EventWatch watch, HandledEvents handled)
    {
        var table = new Table().Title("Events arriving on Service Bus (test stand-in)").AddColumns("route", "type", "session", "id", "data");
        foreach (var arrived in latest)
        {
            table.AddRow(Markup.Escape(arrived.Route), Markup.Escape(arrived.Type), Markup.Escape(arrived.Session),
                Markup.Escape(arrived.Id), Markup.Escape(arrived.DataExcerpt));
        }

        var counts = string.Join(", ", watch.PerRoute.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key} {pair.Value}"));
        return table.Caption($"per route: {Markup.Escape(counts)} · handled by the sample subscriber: {handled.Count} · Ctrl+C stops");
    }
}

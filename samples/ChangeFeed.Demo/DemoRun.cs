using System.Diagnostics;
using System.Runtime.InteropServices;
using ChangeFeed.CommandLine;
using ChangeFeed.StandIns.Cosmos;
using Microsoft.Extensions.Hosting;

namespace ChangeFeed.Demo;

/// <summary>
/// Starts the stand-ins, the relay and the sample subscribers, writes orders, shows the events, and stops everything
/// on Ctrl+C, SIGTERM or after <c>--count</c> events. Progress goes to stderr, events and the summary to stdout.
/// </summary>
internal static class DemoRun
{
    private static readonly TimeSpan RoundInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan SubscriberCatchUp = TimeSpan.FromSeconds(20);

    /// <summary>What the parts get to stop even when the grace went elsewhere (the writes, the view).</summary>
    private static readonly TimeSpan MinimumStop = TimeSpan.FromSeconds(0.3);

    public static async Task<int> RunAsync(CommandConsole console, int? count, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ConsoleCancelEventHandler onCancel = (_, signal) => { signal.Cancel = true; stop.Cancel(); };
        Console.CancelKeyPress += onCancel;
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal => { signal.Cancel = true; stop.Cancel(); });
        try
        {
            return await RunUntilStoppedAsync(console, count, stop);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static async Task<int> RunUntilStoppedAsync(CommandConsole console, int? count, CancellationTokenSource stop)
    {
        var error = console.Error;
        await error.WriteLineAsync("Starting the test stand-ins (test infrastructure from tests/, not emulators): Cosmos DB (Node, tests/stand-ins/cosmos) and Service Bus (in-process)...");
        LocalStandIns standIns;
        try
        {
            standIns = await LocalStandIns.StartAsync(stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await error.WriteLineAsync("Demo stopped while starting.");
            return ExitCodes.Ok;
        }
        catch (CosmosStandInException failure)
        {
            await error.WriteLineAsync($"The Cosmos DB test stand-in did not start: {failure.Message.Split('\n')[0].Trim()} (it needs Node.js 20+ and npm).");
            return ExitCodes.Failed;
        }

        // Stopped in order, the stand-ins last: they ignore the terminal's Ctrl+C (which reaches the whole process group)
        // so that the relay and the subscriber stop against services that still answer.
        var stopAsked = 0L;
        await using var onStop = stop.Token.Register(() => Interlocked.CompareExchange(ref stopAsked, Stopwatch.GetTimestamp(), 0));
        try
        {
            var (total, perRoute, handledCount) = await ShowUntilStoppedAsync(console, count, stop, standIns, () => Stopwatch.GetElapsedTime(Interlocked.Read(ref stopAsked)));
            await console.Output.WriteLineAsync($"stopped: {total} events arrived ({perRoute}); the sample subscriber handled {handledCount}.");
        }
        finally
        {
            await standIns.DisposeAsync();
        }

        if (Interlocked.Read(ref stopAsked) is var asked and > 0)
            await error.WriteLineAsync(FormattableString.Invariant($"Demo stopped {Stopwatch.GetElapsedTime(asked).TotalSeconds:0.0} s after the stop."));
        return ExitCodes.Ok;
    }

    /// <param name="sinceStop">How long ago the stop was asked, once it was: the parts get what is left of the grace.</param>
    private static async Task<(int Total, string PerRoute, int Handled)> ShowUntilStoppedAsync(
        CommandConsole console, int? count, CancellationTokenSource stop, LocalStandIns standIns, Func<TimeSpan> sinceStop)
    {
        var error = console.Error;
        await error.WriteLineAsync($"Cosmos DB test stand-in at {standIns.Cosmos.Endpoint}, Service Bus test stand-in at 127.0.0.1:{standIns.ServiceBus.Port}.");
        var view = IEventView.For(console);
        var handled = new HandledEvents();
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        EventWatch? watchRef = null;
        var watch = watchRef = new EventWatch(standIns.ServiceBus.ConnectionString, arrived =>
        {
            view.Arrived(arrived);
            if (count is { } wanted && watchRef!.Total >= wanted)
                enough.TrySetResult();
        });
        using var writer = standIns.CreateCosmosClient("changefeed-demo-writer");
        List<IHost> hosts =
        [
            PipelineHosts.Relay(standIns, stop.Token),
            .. DemoTopology.RouteOfTopic.Keys.Select(topic => PipelineHosts.Subscriber(standIns, topic, handled, stop.Token)),
        ];
        try
        {
            foreach (var host in hosts)
                await host.StartAsync(stop.Token);
            await watch.StartAsync(stop.Token);
            await error.WriteLineAsync(
                $"Relay (the processor host) and the sample subscriber started; routes: {DemoTopology.OutboxRoute} (outbox records) → {DemoTopology.OutboxTopic}, "
                + $"{DemoTopology.CdcRoute} (change data capture) → {DemoTopology.CdcTopic}. Writing orders{(count is null ? "; Ctrl+C stops" : $" until {count} events have arrived")}.");

            using var writing = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
            var traffic = new OrderTraffic(writer).RunAsync(RoundInterval, writing.Token);
            var showing = view.ShowAsync(watch, handled, stop.Token);
            await Task.WhenAny(enough.Task, Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default));
            await writing.CancelAsync();
            await traffic;
            if (enough.Task.IsCompleted)
                await CatchUpAsync(handled, watch.Total, stop.Token);
            await stop.CancelAsync();
            await showing;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await error.WriteLineAsync("Demo stopped while starting.");
        }
        finally
        {
            await StopAsync(hosts, watch, StopSignal.Grace - sinceStop());
        }

        var perRoute = string.Join(", ", watch.PerRoute.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key} {pair.Value}"));
        return (watch.Total, perRoute, handled.Count);
    }

    /// <summary>Gives the sample subscriber a bounded moment to handle what the view has seen, so the summary shows both.</summary>
    private static async Task CatchUpAsync(HandledEvents handled, int seen, CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(SubscriberCatchUp);
        try
        {
            while (handled.Count < seen)
                await Task.Delay(100, bound.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// The relay, the subscribers and the live view together (the stand-ins after them), within what is left of
    /// <see cref="StopSignal.Grace"/>: a stop that has not ended by then is abandoned with the process (the relay
    /// checkpoints only after a publish, the subscriber completes only after its effects: nothing is lost).
    /// </summary>
    private static async Task StopAsync(List<IHost> hosts, EventWatch watch, TimeSpan left)
    {
        var stop = await StopSignal.WithinGraceAsync(
            token => Task.WhenAll([.. hosts.Select(host => host.StopAsync(token)), watch.DisposeAsync().AsTask()]),
            left > MinimumStop ? left : MinimumStop);
        if (stop.Ended)
        {
            foreach (var host in hosts)
                host.Dispose();
        }
    }
}

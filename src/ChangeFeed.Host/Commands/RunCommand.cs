using System.CommandLine;
using ChangeFeed.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChangeFeed.Host.Commands;

/// <summary>
/// <c>run</c>: one change feed processor per route until the process is stopped (Ctrl+C, SIGTERM), which stops them
/// gracefully. It is also what runs when no command is given, so a deployment that starts the host without arguments
/// keeps working.
/// </summary>
public static class RunCommand
{
    public const string Name = "run";

    public static Command Create(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = new Command(Name,
            "Runs one change feed processor per route until stopped (Ctrl+C, SIGTERM); what runs when no command is given. "
            + "A service it cannot reach at start is named in one line (exit code 1); the first Ctrl+C stops it, also while it starts.");
        Examples.Add(command,
            "run --settings local.settings.sample.json                    # the local emulators",
            "run --settings local.settings.sample.json --verbose          # with the full details of a failure");
        command.SetAction((parse, cancellationToken) => RunAsync(context, parse, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, ParseResult parse, CancellationToken cancellationToken)
    {
        var host = context.BuildHost(parse, builder =>
        {
            builder.AddChangeFeedProcessorHost();
            // The processors and the lag estimator stop side by side, within one grace (RelayUntilStoppedAsync).
            builder.Services.Configure<HostOptions>(options => options.ServicesStopConcurrently = true);
        }, logsToStandardError: false);
        if (host is null)
            return ExitCodes.Configuration;

        // Not disposed when a start or a stop is abandoned: disposing would wait on the very clients that did not end.
        var abandoned = false;
        try
        {
            // The first Ctrl+C or SIGTERM stops the host's lifetime; a start still waiting on a service (which the change
            // feed processor's start does not let cancel) is abandoned after StopSignal.Grace: no processor runs yet, so
            // nothing was read or checkpointed.
            var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
            var start = host.StartAsync(cancellationToken);
            if (!await StopSignal.FinishesAsync(start, StopSignal.Grace, lifetime.ApplicationStopping))
            {
                abandoned = true;
                await context.Console.Error.WriteLineAsync($"{CommandContext.Program} stopped while starting: no processor had started, nothing was read or checkpointed.");
                return ExitCodes.Ok;
            }

            try
            {
                await start;
            }
            catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
            {
                await context.Console.Error.WriteLineAsync($"{CommandContext.Program} stopped while starting: no processor had started, nothing was read or checkpointed.");
                return ExitCodes.Ok;
            }
            catch (Exception failure)
            {
                // A service that cannot be reached or refused what the processors need at start (a missing lease
                // container, a role not granted): one line each, and 'check' names every such problem at once.
                await context.FailedAsync(parse, host.Services.GetRequiredService<IConfiguration>(), failure, "cannot run", cancellationToken);
                await context.Console.Error.WriteLineAsync("Run the 'check' command with the same settings to see everything the relay cannot reach, and what to do.");
                return ExitCodes.Failed;
            }

            context.Started();
            abandoned = !await RelayUntilStoppedAsync(context, host, lifetime, cancellationToken);
            return ExitCodes.Ok;
        }
        finally
        {
            if (!abandoned)
                host.Dispose();
        }
    }

    /// <summary>
    /// Runs until the first Ctrl+C or SIGTERM, then stops within <see cref="StopSignal.Grace"/>: relaying stops first (a
    /// page in flight is given up, not checkpointed), then the processors release their leases and the lag estimator
    /// ends. What has not ended by then (a lease release or an estimate waiting on a service that no longer answers) is
    /// abandoned: nothing is checkpointed after the stop, so the next instance relays the given-up pages again
    /// (duplicates, which duplicate detection drops; never a loss), and a lease not released expires.
    /// </summary>
    /// <returns>False when the stop was abandoned.</returns>
    private static async Task<bool> RelayUntilStoppedAsync(CommandContext context, IHost host, IHostApplicationLifetime lifetime, CancellationToken cancellationToken)
    {
        var stopAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStopping.Register(() => stopAsked.TrySetResult()))
        await using (cancellationToken.Register(() => stopAsked.TrySetResult()))
            await stopAsked.Task;

        var stop = await StopSignal.WithinGraceAsync(host.StopAsync);
        await context.Console.Error.WriteLineAsync(stop.Ended
            ? $"{CommandContext.Program} stopped {stop.Seconds} s after the stop signal: pages being relayed were not checkpointed, the next instance relays them again."
            : $"{CommandContext.Program} stopped {stop.Seconds} s after the stop signal, abandoning what had not ended: pages being relayed were not checkpointed, "
                + "the next instance relays them again; leases not released expire.");
        return stop.Ended;
    }
}

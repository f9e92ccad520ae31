namespace ChangeFeed.CommandLine;

/// <summary>
/// The first Ctrl+C or SIGTERM stops a command within <see cref="Grace"/>: work that honours cancellation ends in that
/// time by itself; work that does not (an SDK call that ignores its token, a client waiting on a service that accepts
/// connections but never answers) is abandoned, which loses nothing because a position is only recorded after the work
/// it follows completed.
/// </summary>
public static class StopSignal
{
    /// <summary>How long stopped work may take to end by itself before it is abandoned.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

    /// <summary>True when <paramref name="work"/> finished (done, failed or cancelled); false when a stop was asked and it did not end within the grace.</summary>
    public static async Task<bool> FinishesAsync(Task work, TimeSpan grace, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(work);
        var stopAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (stopping.Register(() => stopAsked.TrySetResult()))
        {
            if (await Task.WhenAny(work, stopAsked.Task) == work)
                return true;
        }

        if (await Task.WhenAny(work, Task.Delay(grace, CancellationToken.None)) == work)
            return true;

        _ = work.ContinueWith(abandoned => _ = abandoned.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return false;
    }

    /// <summary>
    /// Runs <paramref name="stop"/> (a host's stop, asked by the first Ctrl+C or SIGTERM) for at most <see cref="Grace"/>,
    /// its token cancelled then; what has not ended by then is abandoned. Says whether it ended and how long it took.
    /// </summary>
    public static Task<StopOutcome> WithinGraceAsync(Func<CancellationToken, Task> stop) => WithinGraceAsync(stop, Grace);

    /// <summary>As <see cref="WithinGraceAsync(Func{CancellationToken, Task})"/>, with what is left of the grace when part of it went elsewhere.</summary>
    public static async Task<StopOutcome> WithinGraceAsync(Func<CancellationToken, Task> stop, TimeSpan grace)
    {
        ArgumentNullException.ThrowIfNull(stop);
        var asked = System.Diagnostics.Stopwatch.GetTimestamp();
        using var ending = new CancellationTokenSource(grace);
        var stopping = stop(ending.Token);
        var ended = await Task.WhenAny(stopping, Task.Delay(grace, CancellationToken.None)) == stopping;
        _ = stopping.ContinueWith(failed => _ = failed.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return new StopOutcome(ended, System.Diagnostics.Stopwatch.GetElapsedTime(asked));
    }
}

/// <summary>How a stop went: whether everything ended within the grace (else it was abandoned), and how long it took.</summary>
public sealed record StopOutcome(bool Ended, TimeSpan Took)
{
    /// <summary>The time taken in seconds, one decimal, as the programs' "stopped" lines say it.</summary>
    public string Seconds => Took.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
}

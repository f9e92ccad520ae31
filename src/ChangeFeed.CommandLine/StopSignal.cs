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
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(1.5);

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
}

namespace ChangeFeed.EndToEnd.Tests.Infrastructure;

internal static class Relaying
{
    /// <summary>
    /// All-versions-and-deletes mode starts from "now" once its lease exists: writes warm-up document <c>n</c> with
    /// <paramref name="write"/> every 200 ms until the host relays one.
    /// </summary>
    public static async Task StartedAsync(Scenario scenario, Func<int, Task> write)
    {
        var written = 0;
        await Eventually.HoldsAsync(
            async () =>
            {
                await write(written++);
                await Task.Delay(200);
                return scenario.Received.Count > 0;
            },
            () => "the processor relaying",
            TimeSpan.FromSeconds(30));
    }
}

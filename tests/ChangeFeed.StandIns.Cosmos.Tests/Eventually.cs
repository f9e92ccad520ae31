namespace ChangeFeed.StandIns.Cosmos.Tests;

internal static class Eventually
{
    /// <summary>Polls until the condition holds; fails with the description after the timeout.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, string description, int timeoutSeconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within {timeoutSeconds} s: {description}");
            await Task.Delay(50);
        }
    }

    public static Task HoldsAsync(Func<bool> condition, string description, int timeoutSeconds = 20) =>
        HoldsAsync(() => Task.FromResult(condition()), description, timeoutSeconds);
}

namespace ChangeFeed.EndToEnd.Tests.Infrastructure;

internal static class Eventually
{
    /// <summary>Polls until the condition holds; fails with the description (evaluated then) after the timeout.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, Func<string> description, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within {timeout.TotalSeconds} s: {description()}");
            await Task.Delay(100);
        }
    }

    public static Task HoldsAsync(Func<bool> condition, Func<string> description, TimeSpan timeout) =>
        HoldsAsync(() => Task.FromResult(condition()), description, timeout);
}

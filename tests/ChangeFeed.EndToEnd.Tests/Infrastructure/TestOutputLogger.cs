using Microsoft.Extensions.Logging;

namespace ChangeFeed.EndToEnd.Tests.Infrastructure;

/// <summary>Writes the host's warnings and errors to the test output, so a failing scenario shows what the host saw.</summary>
public sealed class TestOutputLoggerProvider(ITestOutputHelper output, LogLevel minimum) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new TestOutputLogger(output, minimum, categoryName);

    public void Dispose()
    {
    }

    private sealed class TestOutputLogger(ITestOutputHelper output, LogLevel minimum, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
                return;
            try
            {
                var shortCategory = category[(category.LastIndexOf('.') + 1)..];
                output.WriteLine($"[{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {shortCategory}] {formatter(state, exception)}{(exception is null ? "" : " | " + exception.GetType().Name + ": " + exception.Message.Split('\n')[0])}");
            }
            catch (InvalidOperationException)
            {
                // the test has finished; the host is still stopping
            }
        }
    }
}

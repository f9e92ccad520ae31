namespace ChangeFeed.Parking;

/// <summary>
/// How a change that made reading, routing, translating or encoding throw is parked: the exception's type and message
/// as the reason, its type as the failure metric's <c>error.type</c> (decision 0023).
/// </summary>
public static class Unrelayable
{
    /// <summary>The parked reason: which step threw, and the exception's type and message.</summary>
    public static string Reason(string step, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return $"{step} the change threw {exception.GetType().FullName}: {exception.Message}";
    }

    /// <summary>The exception's type, as <c>error.type</c> of <c>changefeed.relays.failed</c>.</summary>
    public static string ErrorType(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.GetType().FullName ?? exception.GetType().Name;
    }
}

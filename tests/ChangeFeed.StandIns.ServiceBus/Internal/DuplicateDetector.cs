namespace ChangeFeed.StandIns.ServiceBus.Internal;

/// <summary>Remembers MessageIds for a window, the way Service Bus duplicate detection does per entity.</summary>
internal sealed class DuplicateDetector(TimeSpan window, TimeProvider time)
{
    private readonly Dictionary<string, DateTime> _seen = new(StringComparer.Ordinal);

    /// <summary>True when the id was accepted within the window before (the caller drops the message).</summary>
    public bool IsDuplicate(string? messageId)
    {
        if (messageId is null)
        {
            return false;
        }

        DateTime now = time.GetUtcNow().UtcDateTime;
        if (_seen.TryGetValue(messageId, out DateTime acceptedAt) && now - acceptedAt < window)
        {
            return true;
        }

        _seen[messageId] = now;
        return false;
    }
}

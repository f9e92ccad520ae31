namespace ChangeFeed.Subscriber.Inbox;

/// <summary>
/// Remembers handled message ids together with the handler's effect, so that a redelivered message has no second
/// effect. The marker and the effect commit together or not at all.
/// </summary>
public interface IInbox
{
    /// <summary>
    /// Runs <paramref name="handle"/> to collect the effect, then commits it with the marker for
    /// <paramref name="messageId"/>. Returns false, committing nothing, when the message was handled before.
    /// </summary>
    Task<bool> TryHandleAsync(string messageId, string partitionKey, Func<InboxEffects, CancellationToken, Task> handle, CancellationToken cancellationToken);
}

using System.Collections.Concurrent;
using ChangeFeed.Subscriber.Inbox;

namespace ChangeFeed.Subscriber.Tests;

/// <summary>The in-memory inbox, recording in which order each session's messages reached it and which were duplicates.</summary>
internal sealed class RecordingInbox : IInbox
{
    private readonly InMemoryInbox inner = new();

    public InMemoryInbox Memory => inner;

    public ConcurrentQueue<(string PartitionKey, string MessageId, bool Handled)> Calls { get; } = new();

    public async Task<bool> TryHandleAsync(string messageId, string partitionKey, Func<InboxEffects, CancellationToken, Task> handle, CancellationToken cancellationToken)
    {
        var handled = await inner.TryHandleAsync(messageId, partitionKey, handle, cancellationToken);
        Calls.Enqueue((partitionKey, messageId, handled));
        return handled;
    }
}

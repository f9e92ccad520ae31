using System.Collections.Concurrent;
using ChangeFeed.Subscriber.Inbox;

namespace ChangeFeed.EndToEnd.Tests.Infrastructure;

/// <summary>What the subscribers' inboxes saw, across subscriber processes: each delivery, handled or recognised.</summary>
public sealed class InboxRecord
{
    public ConcurrentQueue<(string MessageId, bool Handled)> Deliveries { get; } = new();
}

/// <summary>When (and where) a subscriber "dies" after its inbox committed a message but before the message is completed.</summary>
public sealed class InboxStall
{
    private int handled;

    public int AfterHandled { get; init; } = 3;

    public TaskCompletionSource<string> Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool StallsAt() => Interlocked.Increment(ref handled) == AfterHandled;
}

/// <summary>
/// The subscriber's real inbox (<see cref="CosmosInbox"/>), recording every delivery; with a <see cref="InboxStall"/>
/// it hangs after the <see cref="InboxStall.AfterHandled"/>-th commit, as a process that dies before completing the
/// message: the marker and the effect are in Cosmos DB, the message is still locked. It lets go when the host stops.
/// </summary>
public sealed class CountingInbox(IInbox inner, InboxRecord record, InboxStall? stall = null) : IInbox
{
    public async Task<bool> TryHandleAsync(string messageId, string partitionKey, Func<InboxEffects, CancellationToken, Task> handle, CancellationToken cancellationToken)
    {
        var handled = await inner.TryHandleAsync(messageId, partitionKey, handle, cancellationToken);
        record.Deliveries.Enqueue((messageId, handled));
        if (handled && stall is not null && stall.StallsAt())
        {
            stall.Reached.TrySetResult(messageId);
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return handled;
    }
}

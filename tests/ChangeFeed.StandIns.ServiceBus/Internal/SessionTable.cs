using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Framing;

namespace ChangeFeed.StandIns.ServiceBus.Internal;

/// <summary>Session locks and session state of one session-enabled entity. Uses the store's gate.</summary>
internal sealed class SessionTable(MessageStore store)
{
    private static readonly AmqpSymbol TimeoutCondition = "com.microsoft:timeout";
    private static readonly AmqpSymbol CannotBeLocked = "com.microsoft:session-cannot-be-locked";

    private readonly Dictionary<string, Consumer> _holders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTime> _lockedUntil = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]?> _state = new(StringComparer.Ordinal);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Locks the named session, or (null) the session whose oldest available message is oldest,
    /// waiting up to <paramref name="wait"/> for one; refuses with com.microsoft:timeout.
    /// </summary>
    public async Task<(string SessionId, DateTime LockedUntil)> LockAsync(Consumer consumer, string? sessionId, TimeSpan wait, CancellationToken cancellationToken)
    {
        DateTime deadline = store.Now + wait;
        while (true)
        {
            Task changed;
            lock (store.Gate)
            {
                if (sessionId is not null)
                {
                    if (_holders.ContainsKey(sessionId))
                    {
                        throw new AmqpException(new Error { Condition = CannotBeLocked, Description = $"The session '{sessionId}' is locked by another receiver." });
                    }

                    return Hold(consumer, sessionId);
                }

                string? next = store.SessionsWithAvailableMessages().FirstOrDefault(id => !_holders.ContainsKey(id));
                if (next is not null)
                {
                    return Hold(consumer, next);
                }

                changed = _changed.Task;
            }

            TimeSpan remaining = deadline - store.Now;
            if (remaining <= TimeSpan.Zero)
            {
                throw new AmqpException(new Error { Condition = TimeoutCondition, Description = "No session available to accept within the requested time." });
            }

            await Task.WhenAny(changed, Task.Delay(remaining, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    public DateTime? Renew(string sessionId)
    {
        lock (store.Gate)
        {
            if (!_holders.ContainsKey(sessionId))
            {
                return null;
            }

            DateTime until = store.Now + store.LockDuration;
            _lockedUntil[sessionId] = until;
            return until;
        }
    }

    public byte[]? GetState(string sessionId)
    {
        lock (store.Gate)
        {
            return _state.GetValueOrDefault(sessionId);
        }
    }

    public void SetState(string sessionId, byte[]? state)
    {
        lock (store.Gate)
        {
            _state[sessionId] = state;
        }
    }

    public bool IsHeld(string sessionId)
    {
        lock (store.Gate)
        {
            return _holders.ContainsKey(sessionId);
        }
    }

    /// <summary>Caller holds the store's gate.</summary>
    public void ReleaseHeldBy(Consumer consumer)
    {
        foreach (string id in _holders.Where(h => h.Value == consumer).Select(h => h.Key).ToList())
        {
            _holders.Remove(id);
            _lockedUntil.Remove(id);
        }
    }

    /// <summary>Wakes receivers waiting for a session (new messages, released sessions).</summary>
    public void Signal()
    {
        TaskCompletionSource previous;
        lock (store.Gate)
        {
            previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
    }

    private (string, DateTime) Hold(Consumer consumer, string sessionId)
    {
        DateTime until = store.Now + store.LockDuration;
        _holders[sessionId] = consumer;
        _lockedUntil[sessionId] = until;
        consumer.SessionId = sessionId;
        return (sessionId, until);
    }
}

using System.Text.Json;
using Azure.Messaging.ServiceBus;
using ChangeFeed.Envelope;
using ChangeFeed.ServiceBus;
using ChangeFeed.Subscriber.Handlers;
using ChangeFeed.Subscriber.Inbox;
using CloudNative.CloudEvents;

namespace ChangeFeed.Subscriber;

/// <summary>What became of one message.</summary>
public enum Handling
{
    /// <summary>Handled now; complete it.</summary>
    Handled,

    /// <summary>Handled before (the inbox remembered its MessageId); complete it, nothing happened twice.</summary>
    Duplicate,

    /// <summary>No handler takes this type; complete it.</summary>
    Ignored,
}

/// <summary>
/// Reads the CloudEvent (binary or structured; its data from Blob Storage when it travelled by claim check), finds the
/// handler for its type and runs it through the inbox, so that its effect happens once however often the message
/// comes. The inbox remembers the change an event carries: its <c>id</c>, or for a backfilled copy the live id it
/// carries as <c>originalid</c>, so a change handled live is not handled again when a backfill brings it (nor the
/// reverse), and a resumed backfill's repeats are recognised too. Throws for what a retry may fix (a claim check that
/// could not be read just now); <see cref="InvalidEventDataException"/> for what it cannot (one that expired).
/// </summary>
public sealed class EventDispatcher(EnvelopeDecoder decoder, IInbox inbox, IEnumerable<IEventTypeHandler> handlers)
{
    private readonly Dictionary<string, IEventTypeHandler> byType = handlers.ToDictionary(h => h.EventType, StringComparer.Ordinal);

    // region dispatch
    public async Task<Handling> DispatchAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        CloudEvent cloudEvent;
        try
        {
            cloudEvent = await decoder.DecodeAsync(message, cancellationToken);
        }
        catch (Exception exception) when (exception is ArgumentException or JsonException or InvalidOperationException)
        {
            throw new InvalidEventDataException($"Message {message.MessageId} is not a readable CloudEvent: {exception.Message}", exception);
        }

        if (cloudEvent.Type is null || !byType.TryGetValue(cloudEvent.Type, out var handler))
            return Handling.Ignored;

        var partitionKey = message.SessionId ?? cloudEvent.Subject ?? message.MessageId;
        // The change, not the message: a backfilled copy carries the live event's id as originalid.
        var change = cloudEvent.GetOriginalId() ?? cloudEvent.Id!;
        var handled = await inbox.TryHandleAsync(change, partitionKey, (effects, ct) => handler.HandleAsync(cloudEvent, effects, ct), cancellationToken);
        return handled ? Handling.Handled : Handling.Duplicate;
    }
    // endregion dispatch
}

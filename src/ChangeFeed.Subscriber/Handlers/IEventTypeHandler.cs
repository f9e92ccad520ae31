using ChangeFeed.Subscriber.Inbox;
using CloudNative.CloudEvents;

namespace ChangeFeed.Subscriber.Handlers;

/// <summary>Handles one integration event type. Handlers only describe effects; the inbox commits them once.</summary>
public interface IEventTypeHandler
{
    /// <summary>The CloudEvents type this handler takes, e.g. <c>com.contoso.orders.OrderPlaced</c>.</summary>
    string EventType { get; }

    Task HandleAsync(CloudEvent cloudEvent, InboxEffects effects, CancellationToken cancellationToken);
}

using ChangeFeed.ServiceBus;
using ChangeFeed.Subscriber.Handlers;
using ChangeFeed.Subscriber.Inbox;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChangeFeed.Subscriber.Tests;

/// <summary>The subscriber's pipeline over an in-memory inbox.</summary>
internal sealed class Subscriber
{
    public Subscriber(IInbox? inbox = null, int maxDeliveryAttempts = 3, Publishing.IClaimCheckStore? claimCheck = null)
    {
        Inbox = inbox ?? new InMemoryInbox();
        Dispatcher = new EventDispatcher(new EnvelopeDecoder(claimCheck), Inbox, [new OrderPlacedHandler(), new OrderShippedHandler(), new OrderUpsertedHandler(), new OrderDeletedHandler()]);
        Settlement = new MessageSettlement(Dispatcher, new SubscriberOptions { MaxDeliveryAttempts = maxDeliveryAttempts }, NullLogger<MessageSettlement>.Instance);
    }

    public IInbox Inbox { get; }

    public InMemoryInbox Memory => (InMemoryInbox)Inbox;

    public EventDispatcher Dispatcher { get; }

    public MessageSettlement Settlement { get; }

    public RecordingReceiver Receiver { get; } = new();

    public Task SettleAsync(Azure.Messaging.ServiceBus.ServiceBusReceivedMessage message) => Settlement.SettleAsync(Receiver.Args(message));
}

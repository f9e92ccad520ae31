using Azure.Messaging.ServiceBus;

namespace ChangeFeed.ServiceBus.Tests;

internal static class Received
{
    /// <summary>What a receiver would get for a sent message: the same AMQP message, as the SDK reads it.</summary>
    public static ServiceBusReceivedMessage From(ServiceBusMessage message) =>
        ServiceBusReceivedMessage.FromAmqpMessage(message.GetRawAmqpMessage(), BinaryData.FromBytes(Guid.NewGuid().ToByteArray()));
}

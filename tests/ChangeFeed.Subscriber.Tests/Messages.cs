using System.Text;
using System.Text.Json;
using Azure.Messaging.ServiceBus;
using ChangeFeed.Configuration;
using ChangeFeed.Envelope;
using ChangeFeed.Orders;
using ChangeFeed.ServiceBus;

namespace ChangeFeed.Subscriber.Tests;

/// <summary>Messages as the relay sends them, received as a subscriber gets them.</summary>
internal static class Messages
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static ServiceBusReceivedMessage Placed(string orderId = "order-7", string id = "evt-1", ContentMode mode = ContentMode.Binary, int deliveryCount = 1) =>
        From(Event(id, OrderEvents.Placed, orderId, new OrderPlaced(orderId, "customer-42", 25.5m, 2), mode), deliveryCount);

    public static ServiceBusReceivedMessage Shipped(string orderId = "order-7", string id = "evt-2", int deliveryCount = 1) =>
        From(Event(id, OrderEvents.Shipped, orderId, new OrderShipped(orderId, "customer-42", "DHL", DateTimeOffset.UnixEpoch), ContentMode.Binary), deliveryCount);

    public static IntegrationEvent Event(string id, string type, string orderId, object data, ContentMode mode) =>
        new(id, "/cosmos/contoso/changefeed/orders", type, orderId, DateTimeOffset.UnixEpoch,
            JsonSerializer.SerializeToUtf8Bytes(data, Web), orderId, "orders-events", mode);

    public static ServiceBusReceivedMessage From(IntegrationEvent integrationEvent, int deliveryCount = 1) =>
        From(new EnvelopeEncoder().Encode(integrationEvent), deliveryCount);

    public static ServiceBusReceivedMessage From(ServiceBusMessage message, int deliveryCount = 1)
    {
        var amqp = message.GetRawAmqpMessage();
        amqp.Header.DeliveryCount = (uint)deliveryCount;
        return ServiceBusReceivedMessage.FromAmqpMessage(amqp, BinaryData.FromBytes(Guid.NewGuid().ToByteArray()));
    }

    public static ServiceBusReceivedMessage NotACloudEvent() =>
        From(new ServiceBusMessage(Encoding.UTF8.GetBytes("hello")) { MessageId = "plain-1", SessionId = "s", ContentType = "text/plain" });
}

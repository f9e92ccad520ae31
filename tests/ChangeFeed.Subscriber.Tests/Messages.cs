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

    /// <summary>An order's state as change data capture publishes it: position <paramref name="lsn"/>, live or backfilled.</summary>
    public static IntegrationEvent OrderState(string orderId, long lsn, string status, bool deleted = false, string? backfillRun = null, string customerId = "customer-42")
    {
        var live = new IntegrationEvent(
            EventId.ForChange("contoso", "changefeed", "orders", customerId, orderId, lsn), "/cosmos/contoso/changefeed/orders",
            deleted ? OrderEvents.StateDeleted : OrderEvents.StateUpserted, orderId, DateTimeOffset.FromUnixTimeSeconds(1_764_000_000 + lsn),
            JsonSerializer.SerializeToUtf8Bytes(new { id = orderId, customerId, status, isDeleted = deleted }, Web), customerId, "orders-cdc") { Lsn = lsn };
        return backfillRun is null
            ? live
            : live with { Id = EventId.ForBackfill(backfillRun, live.Id), OriginalId = live.Id, BackfillSubscription = "sample-subscriber" };
    }

    public static ServiceBusReceivedMessage NotACloudEvent() =>
        From(new ServiceBusMessage(Encoding.UTF8.GetBytes("hello")) { MessageId = "plain-1", SessionId = "s", ContentType = "text/plain" });
}

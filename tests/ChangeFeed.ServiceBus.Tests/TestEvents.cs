using System.Text;
using ChangeFeed.Envelope;

namespace ChangeFeed.ServiceBus.Tests;

/// <summary>Integration events as the router makes them, with JSON string data of about the given size.</summary>
internal static class TestEvents
{
    /// <summary>One order change's event, as the envelope tests take it (binary mode).</summary>
    public static readonly IntegrationEvent Order = new(
        Id: "0f8fad5b-d9cb-869f-a165-70867728950e",
        Source: "/cosmos/contoso/shop/orders",
        Type: "com.contoso.orders.order.upserted",
        Subject: "order-1",
        Time: new DateTimeOffset(2026, 11, 26, 19, 51, 10, TimeSpan.Zero),
        Data: Encoding.UTF8.GetBytes("""{"id":"order-1","total":42.5}"""),
        PartitionKey: "customer-1",
        Topic: "orders-cdc");

    public static IntegrationEvent Event(int i, string topic, string partitionKey, int dataBytes) =>
        new($"id-{i}", "urn:test", "test.upserted", $"doc-{i}", DateTimeOffset.UnixEpoch, Encoding.UTF8.GetBytes("\"" + new string('x', Math.Max(0, dataBytes - 2)) + "\""), partitionKey, topic);

    /// <summary>What the client counts for the event's message alone in an empty batch.</summary>
    public static long SizeOf(IntegrationEvent integrationEvent) => FakeServiceBusClient.SizeOf(new EnvelopeEncoder().Encode(integrationEvent));

    /// <summary>What the client counts for the event's message alone, and what it adds to a batch after the first.</summary>
    public static (long Alone, long InBatch) Sizes(IntegrationEvent integrationEvent)
    {
        var message = new EnvelopeEncoder().Encode(integrationEvent);
        return (FakeServiceBusClient.SizeOf(message), FakeServiceBusClient.SizeInBatch(message));
    }

    /// <summary>
    /// Send calls when the client's own batch is filled until the next message does not fit, one batch at a time, in
    /// order (what the publisher did before it packed across sessions); messages over the limit alone are skipped, as the
    /// publisher rejects them. A batch counts its first message alone, then what each next one adds.
    /// </summary>
    public static int InOrderSends(IEnumerable<(long Alone, long InBatch)> sizes, long limit)
    {
        var (sends, size) = (0, 0L);
        foreach (var (alone, inBatch) in sizes.Where(s => s.Alone <= limit))
        {
            if (size > 0 && size + inBatch <= limit)
            {
                size += inBatch;
                continue;
            }

            if (size > 0)
                sends++;
            size = alone;
        }

        return size > 0 ? sends + 1 : sends;
    }
}

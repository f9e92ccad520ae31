using System.Text;
using ChangeFeed.Envelope;

namespace ChangeFeed.ServiceBus.Tests;

/// <summary>Integration events as the router makes them, with JSON string data of about the given size.</summary>
internal static class TestEvents
{
    public static IntegrationEvent Event(int i, string topic, string partitionKey, int dataBytes) =>
        new($"id-{i}", "urn:test", "test.upserted", $"doc-{i}", DateTimeOffset.UnixEpoch, Encoding.UTF8.GetBytes("\"" + new string('x', Math.Max(0, dataBytes - 2)) + "\""), partitionKey, topic);

    /// <summary>The fake's size of the message the publisher sends for the event.</summary>
    public static long SizeOf(IntegrationEvent integrationEvent) => FakeServiceBusClient.SizeOf(new EnvelopeEncoder().Encode(integrationEvent));

    /// <summary>
    /// Send calls when a batch is filled until the next message does not fit, one batch at a time, in order (what the
    /// publisher did before it packed across sessions); sizes over the limit are skipped, as the publisher rejects them.
    /// </summary>
    public static int InOrderSends(IEnumerable<long> sizes, long limit)
    {
        var (sends, size) = (0, 0L);
        foreach (var next in sizes.Where(s => s <= limit))
        {
            if (size + next > limit)
                (sends, size) = (sends + 1, 0);
            size += next;
        }

        return size > 0 ? sends + 1 : sends;
    }
}

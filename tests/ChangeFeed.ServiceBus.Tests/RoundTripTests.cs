using System.Text;
using System.Text.Json;
using ChangeFeed.Configuration;
using ChangeFeed.Envelope;
using ChangeFeed.Routing;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.Extensions;
using ContentMode = ChangeFeed.Configuration.ContentMode;

namespace ChangeFeed.ServiceBus.Tests;

public class RoundTripTests
{
    private readonly EnvelopeEncoder encoder = new();
    private readonly EnvelopeDecoder decoder = new();

    [Fact]
    public void A_subscriber_reads_back_the_same_cloud_event_from_binary_and_structured_mode()
    {
        var integrationEvent = Assert.Single(new Router().Route(Core.Tests.Changes.Route(), Core.Tests.Changes.Document()).Events);

        var binary = decoder.Decode(Received.From(encoder.Encode(integrationEvent with { ContentMode = ContentMode.Binary })));
        var structured = decoder.Decode(Received.From(encoder.Encode(integrationEvent with { ContentMode = ContentMode.Structured })));

        AssertSame(integrationEvent.ToCloudEvent(), binary);
        AssertSame(integrationEvent.ToCloudEvent(), structured);
        Assert.Equal("customer-1", binary[Partitioning.PartitionKeyAttribute]);
        Assert.Equal(integrationEvent.Time, binary.Time);
    }

    [Fact]
    public void A_message_that_is_not_a_cloud_event_is_refused_with_a_reason()
    {
        var message = new Azure.Messaging.ServiceBus.ServiceBusMessage("plain text") { MessageId = "m-1", ContentType = "text/plain" };

        var error = Assert.Throws<ArgumentException>(() => decoder.Decode(Received.From(message)));

        Assert.Contains("Message m-1 is not a CloudEvent", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_json_data_survives_both_modes_byte_for_byte()
    {
        var integrationEvent = new IntegrationEvent("id-1", "urn:test", "t.upserted", "s", DateTimeOffset.UnixEpoch, Encoding.UTF8.GetBytes("a,b,c"), "pk", "topic")
        {
            DataContentType = "text/csv",
        };

        foreach (var mode in new[] { ContentMode.Binary, ContentMode.Structured })
        {
            var decoded = decoder.Decode(Received.From(encoder.Encode(integrationEvent with { ContentMode = mode })));
            Assert.Equal("text/csv", decoded.DataContentType);
            Assert.Equal("a,b,c", decoded.Data switch
            {
                byte[] bytes => Encoding.UTF8.GetString(bytes),
                string text => text,
                var other => other?.ToString(),
            });
        }
    }

    private static void AssertSame(CloudEvent expected, CloudEvent actual)
    {
        Assert.Equal(
            expected.GetPopulatedAttributes().ToDictionary(a => a.Key.Name, a => a.Key.Format(a.Value)),
            actual.GetPopulatedAttributes().ToDictionary(a => a.Key.Name, a => a.Key.Format(a.Value)));
        Assert.Equal(Json(expected.Data), Json(actual.Data));
    }

    private static string Json(object? data) => data is JsonElement element ? element.GetRawText() : throw new InvalidOperationException($"data is {data?.GetType().Name}");
}

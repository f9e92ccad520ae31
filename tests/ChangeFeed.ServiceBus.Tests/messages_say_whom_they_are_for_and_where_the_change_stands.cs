using System.Text;
using Azure.Messaging.ServiceBus;
using ChangeFeed.Configuration;
using ChangeFeed.Envelope;

namespace ChangeFeed.ServiceBus.Tests;

/// <summary>
/// Every message says whom it is for in terms a correlation filter matches (<c>changefeed_delivery</c>: live, or a
/// backfill with its one subscription in <c>To</c>), and carries the change's position (<c>lsn</c>) and, when
/// backfilled, the live event's id (<c>originalid</c>), in both content modes; the decoder reads them back typed.
/// </summary>
public sealed class messages_say_whom_they_are_for_and_where_the_change_stands
{
    private static readonly IntegrationEvent Live = TestEvents.Order with { Lsn = 5_000_000_000 };

    private static readonly IntegrationEvent Backfilled = Live with
    {
        Id = EventId.ForBackfill("0193a5c2-0000-7000-8000-000000000001", Live.Id),
        OriginalId = Live.Id,
        BackfillSubscription = "billing",
    };

    [Theory]
    [InlineData(ContentMode.Binary)]
    [InlineData(ContentMode.Structured)]
    public void a_live_message_is_for_every_subscription(ContentMode mode)
    {
        var message = new EnvelopeEncoder().Encode(Live with { ContentMode = mode });

        Assert.Equal("live", message.ApplicationProperties["changefeed_delivery"]);
        Assert.Null(message.To);
        var decoded = new EnvelopeDecoder().Decode(Received(message));
        Assert.Equal(5_000_000_000, decoded.GetLsn());
        Assert.Null(decoded[CloudEventConversion.OriginalIdAttribute]);
        Assert.Equal(Live.Id, decoded.GetOriginalId());
    }

    [Theory]
    [InlineData(ContentMode.Binary)]
    [InlineData(ContentMode.Structured)]
    public void a_backfilled_message_is_for_its_subscription_only_and_names_the_live_event(ContentMode mode)
    {
        var message = new EnvelopeEncoder().Encode(Backfilled with { ContentMode = mode });

        Assert.Equal("backfill", message.ApplicationProperties["changefeed_delivery"]);
        Assert.Equal("billing", message.To);
        Assert.Equal(Backfilled.Id, message.MessageId);
        Assert.Equal("customer-1", message.SessionId); // the entity's session: ordered with its live changes
        var decoded = new EnvelopeDecoder().Decode(Received(message));
        Assert.Equal(Backfilled.Id, decoded.Id);
        Assert.Equal(Live.Id, decoded.GetOriginalId());
        Assert.Equal(5_000_000_000, decoded.GetLsn());
        Assert.Equal(Live.Time, decoded.Time);
    }

    [Fact]
    public void in_binary_mode_the_attributes_are_cloudEvents_properties_usable_in_filters()
    {
        var message = new EnvelopeEncoder().Encode(Backfilled);

        Assert.Equal("5000000000", message.ApplicationProperties["cloudEvents_lsn"]);
        Assert.Equal(Live.Id, message.ApplicationProperties["cloudEvents_originalid"]);
    }

    [Fact]
    public void an_event_whose_position_is_unknown_carries_none()
    {
        var message = new EnvelopeEncoder().Encode(Live with { Lsn = 0 });

        Assert.DoesNotContain("cloudEvents_lsn", message.ApplicationProperties.Keys);
        Assert.Null(new EnvelopeDecoder().Decode(Received(message)).GetLsn());
    }

    private static ServiceBusReceivedMessage Received(ServiceBusMessage message) =>
        ServiceBusReceivedMessage.FromAmqpMessage(message.GetRawAmqpMessage(), BinaryData.FromBytes(Guid.NewGuid().ToByteArray()));
}

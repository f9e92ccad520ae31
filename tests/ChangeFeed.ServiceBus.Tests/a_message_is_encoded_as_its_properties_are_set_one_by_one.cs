using System.Diagnostics;
using System.Text;
using Azure.Messaging.ServiceBus;
using ChangeFeed.Configuration;
using ChangeFeed.Envelope;
using ChangeFeed.Testing;

namespace ChangeFeed.ServiceBus.Tests;

/// <summary>
/// What goes on the wire for an event: its message's AMQP encoding, the one the client sends, is that of a message
/// built in the plainest way, each property set one after the other in the order below; so the application
/// properties travel in that order, in both content modes, with every optional attribute present or absent. The
/// encoder may build its message otherwise (it sizes the property dictionary once), never with other bytes.
/// </summary>
public sealed class a_message_is_encoded_as_its_properties_are_set_one_by_one
{
    private const string RecordedTrace = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private static readonly IntegrationEvent Plain = TestEvents.Order;

    public static TheoryData<string, ContentMode> Events => new()
    {
        { "plain", ContentMode.Binary }, { "plain", ContentMode.Structured },
        { "everything", ContentMode.Binary }, { "everything", ContentMode.Structured },
        { "claim check", ContentMode.Binary }, { "claim check", ContentMode.Structured },
    };

    private static IntegrationEvent Event(string name) => name switch
    {
        "plain" => Plain,
        "everything" => Plain with
        {
            Lsn = 4_711,
            CorrelationId = "checkout-1",
            DataSchema = new Uri("https://schemas.contoso.com/orders/order.json"),
            Properties = new Dictionary<string, string> { ["causationId"] = "cmd-9", ["tenant"] = "contoso" },
            TraceParent = RecordedTrace,
            BackfillSubscription = "billing",
            OriginalId = "8d1c2f3e-0000-8000-8000-000000000001",
            PartitionKey = new string('k', 129),
        },
        _ => Plain with { Lsn = 12, Data = ReadOnlyMemory<byte>.Empty, DataRef = new Uri("https://claims.contoso.com/events/order-1") },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void as_the_message_built_property_by_property(string name, ContentMode mode)
    {
        var integrationEvent = Event(name) with { ContentMode = mode };

        var message = new EnvelopeEncoder().Encode(integrationEvent);

        var expected = PropertyByProperty(integrationEvent, message.Body);
        Assert.Equal(expected.ApplicationProperties.Keys, message.ApplicationProperties.Keys);
        Assert.Equal(ClientAmqp.Encoded(expected), ClientAmqp.Encoded(message));
    }

    [Fact]
    public void with_the_current_trace_context_when_the_event_has_none()
    {
        using var activity = new Activity("relay").SetIdFormat(ActivityIdFormat.W3C).Start();

        var message = new EnvelopeEncoder().Encode(Event("everything") with { TraceParent = null });

        Assert.Equal(ClientAmqp.Encoded(PropertyByProperty(Event("everything") with { TraceParent = activity.Id }, message.Body)), ClientAmqp.Encoded(message));
    }

    /// <summary>The message set up one property at a time (the structured body, checked elsewhere, is taken as it is).</summary>
    private static ServiceBusMessage PropertyByProperty(IntegrationEvent e, BinaryData structuredBody)
    {
        ServiceBusMessage message;
        if (e.ContentMode == ContentMode.Binary)
        {
            message = new ServiceBusMessage(new BinaryData(e.Data)) { ContentType = e.DataContentType };
            message.ApplicationProperties["cloudEvents_specversion"] = "1.0";
            message.ApplicationProperties["cloudEvents_id"] = e.Id;
            message.ApplicationProperties["cloudEvents_source"] = e.Source;
            message.ApplicationProperties["cloudEvents_type"] = e.Type;
            message.ApplicationProperties["cloudEvents_subject"] = e.Subject;
            message.ApplicationProperties["cloudEvents_time"] = "2026-11-26T19:51:10Z";
            message.ApplicationProperties["cloudEvents_partitionkey"] = e.PartitionKey;
            if (e.DataSchema is not null)
                message.ApplicationProperties["cloudEvents_dataschema"] = e.DataSchema.ToString();
            if (e.Lsn > 0)
                message.ApplicationProperties["cloudEvents_lsn"] = e.Lsn.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (e.OriginalId is not null)
                message.ApplicationProperties["cloudEvents_originalid"] = e.OriginalId;
            if (e.DataRef is not null)
                message.ApplicationProperties["cloudEvents_dataref"] = e.DataRef.ToString();
        }
        else
        {
            message = new ServiceBusMessage(structuredBody) { ContentType = "application/cloudevents+json" };
        }

        message.MessageId = e.Id;
        message.SessionId = SessionIds.For(e.PartitionKey);
        message.Subject = e.Type;
        if (e.CorrelationId is not null)
            message.CorrelationId = e.CorrelationId;
        message.ApplicationProperties["changefeed_delivery"] = e.BackfillSubscription is null ? "live" : "backfill";
        if (e.BackfillSubscription is not null)
            message.To = e.BackfillSubscription;
        foreach (var (key, value) in e.Properties ?? new Dictionary<string, string>())
            message.ApplicationProperties[key] = value;
        if (e.TraceParent is not null)
        {
            message.ApplicationProperties["Diagnostic-Id"] = e.TraceParent;
            message.ApplicationProperties["traceparent"] = e.TraceParent;
        }

        return message;
    }
}

using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ChangeFeed.Configuration;
using ChangeFeed.Envelope;

namespace ChangeFeed.ServiceBus.Tests;

public class EnvelopeEncoderTests
{
    private static readonly IntegrationEvent Sample = TestEvents.Order;

    private readonly EnvelopeEncoder encoder = new();

    [Fact]
    public void Binary_mode_puts_data_in_the_body_and_attributes_in_cloudEvents_properties()
    {
        var message = encoder.Encode(Sample);

        Assert.Equal("""{"id":"order-1","total":42.5}""", message.Body.ToString());
        Assert.Equal("application/json", message.ContentType);
        Assert.Equal(Sample.Id, message.MessageId);
        Assert.Equal("customer-1", message.SessionId);
        Assert.Equal("com.contoso.orders.order.upserted", message.Subject);
        var expected = new Dictionary<string, object>
        {
            ["cloudEvents_specversion"] = "1.0",
            ["cloudEvents_id"] = Sample.Id,
            ["cloudEvents_source"] = "/cosmos/contoso/shop/orders",
            ["cloudEvents_type"] = "com.contoso.orders.order.upserted",
            ["cloudEvents_subject"] = "order-1",
            ["cloudEvents_time"] = "2026-11-26T19:51:10Z",
            ["cloudEvents_partitionkey"] = "customer-1",
        };
        Assert.Equal(expected.OrderBy(p => p.Key), message.ApplicationProperties.Where(p => p.Key.StartsWith("cloudEvents_", StringComparison.Ordinal)).OrderBy(p => p.Key));
    }

    [Fact]
    public void Structured_mode_puts_the_whole_cloud_event_in_the_body()
    {
        var message = encoder.Encode(Sample with { ContentMode = ContentMode.Structured });

        Assert.Equal("application/cloudevents+json", message.ContentType);
        Assert.Equal(Sample.Id, message.MessageId);
        Assert.Equal("customer-1", message.SessionId);
        Assert.Equal("com.contoso.orders.order.upserted", message.Subject);
        Assert.DoesNotContain(message.ApplicationProperties.Keys, k => k.StartsWith("cloudEvents_", StringComparison.Ordinal));
        using var body = JsonDocument.Parse(message.Body.ToMemory());
        var root = body.RootElement;
        Assert.Equal("1.0", root.GetProperty("specversion").GetString());
        Assert.Equal(Sample.Id, root.GetProperty("id").GetString());
        Assert.Equal("/cosmos/contoso/shop/orders", root.GetProperty("source").GetString());
        Assert.Equal("order-1", root.GetProperty("subject").GetString());
        Assert.Equal("customer-1", root.GetProperty("partitionkey").GetString());
        Assert.Equal("application/json", root.GetProperty("datacontenttype").GetString());
        Assert.Equal(42.5, root.GetProperty("data").GetProperty("total").GetDouble());
    }

    [Fact]
    public void A_partition_key_longer_than_128_characters_becomes_a_stable_hashed_session_id()
    {
        var longKey = new string('k', 129);

        var first = encoder.Encode(Sample with { PartitionKey = longKey });
        var again = encoder.Encode(Sample with { PartitionKey = longKey });
        var other = encoder.Encode(Sample with { PartitionKey = longKey + "x" });

        Assert.StartsWith("sha256:", first.SessionId, StringComparison.Ordinal);
        Assert.Equal(71, first.SessionId.Length);
        Assert.Equal(first.SessionId, again.SessionId);
        Assert.NotEqual(first.SessionId, other.SessionId);
        Assert.Equal(longKey, first.ApplicationProperties["cloudEvents_partitionkey"]);
        Assert.Equal(new string('k', 128), encoder.Encode(Sample with { PartitionKey = new string('k', 128) }).SessionId);
    }

    [Fact]
    public void The_correlation_id_travels_as_the_message_correlation_id()
    {
        Assert.Equal("req-7", encoder.Encode(Sample with { CorrelationId = "req-7" }).CorrelationId);
        Assert.Null(encoder.Encode(Sample).CorrelationId);
    }

    [Fact]
    public void Outbox_headers_and_causation_id_become_application_properties_in_both_modes()
    {
        var withHeaders = Sample with { Properties = new Dictionary<string, string> { ["causationId"] = "cmd-9", ["tenant"] = "contoso" } };

        foreach (var mode in new[] { ContentMode.Binary, ContentMode.Structured })
        {
            var message = encoder.Encode(withHeaders with { ContentMode = mode });
            Assert.Equal("cmd-9", message.ApplicationProperties["causationId"]);
            Assert.Equal("contoso", message.ApplicationProperties["tenant"]);
        }
    }

    [Fact]
    public void The_current_trace_context_flows_into_traceparent_and_Diagnostic_Id()
    {
        using var activity = new Activity("relay").SetIdFormat(ActivityIdFormat.W3C).Start();

        var message = encoder.Encode(Sample);

        Assert.Equal(activity.Id, message.ApplicationProperties["traceparent"]);
        Assert.Equal(activity.Id, message.ApplicationProperties["Diagnostic-Id"]);
    }

    [Fact]
    public void A_trace_context_recorded_with_the_event_wins_over_the_current_one()
    {
        const string recorded = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        using var activity = new Activity("relay").SetIdFormat(ActivityIdFormat.W3C).Start();

        var message = encoder.Encode(Sample with { TraceParent = recorded });

        Assert.Equal(recorded, message.ApplicationProperties["traceparent"]);
    }
}

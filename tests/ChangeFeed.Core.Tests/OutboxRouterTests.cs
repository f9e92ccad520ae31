using System.Text;
using System.Text.Json.Nodes;
using ChangeFeed.Routing;

namespace ChangeFeed.Core.Tests;

public class OutboxRouterTests
{
    private readonly Router router = new();

    private static Route OutboxRoute(Action<Configuration.RouteOptions>? edit = null) => Changes.Route(o =>
    {
        o.Mode = "outbox";
        o.Container = "outbox";
        o.Topic = "orders-events";
        o.PartitionKeyPath = "/partitionKey";
        o.EventType = null;
        o.SoftDeleteProperty = null;
        edit?.Invoke(o);
    });

    private static System.Text.Json.JsonElement Record(Action<JsonObject>? edit = null)
    {
        var record = new JsonObject
        {
            ["id"] = "0193a5b2-7c1e-7d3f-9a4b-1c2d3e4f5a6b",
            ["partitionKey"] = "customer-42",
            ["kind"] = "outbox",
            ["schemaVersion"] = 1,
            ["aggregateType"] = "order",
            ["aggregateId"] = "order-7",
            ["type"] = "com.contoso.orders.OrderPlaced",
            ["data"] = new JsonObject { ["orderId"] = "order-7", ["total"] = 99.5 },
            ["occurredAt"] = "2026-11-26T19:51:10.123Z",
            ["correlationId"] = "req-1",
            ["causationId"] = "cmd-9",
            ["traceparent"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            ["headers"] = new JsonObject { ["tenant"] = "contoso" },
            ["ttl"] = 604800,
            ["_rid"] = "x",
            ["_ts"] = 1_764_186_670,
            ["_lsn"] = 5,
        };
        edit?.Invoke(record);
        return Changes.Parse(record.ToJsonString());
    }

    [Fact]
    public void An_outbox_record_becomes_exactly_its_event_field_by_field()
    {
        var e = Assert.Single(router.Route(OutboxRoute(), Record()).Events);

        Assert.Equal("0193a5b2-7c1e-7d3f-9a4b-1c2d3e4f5a6b", e.Id);
        Assert.Equal("com.contoso.orders.OrderPlaced", e.Type);
        Assert.Equal("order-7", e.Subject);
        Assert.Equal("order-7", e.PartitionKey);
        Assert.Equal("orders-events", e.Topic);
        Assert.Equal("/cosmos/contoso/shop/outbox", e.Source);
        Assert.Equal(DateTimeOffset.Parse("2026-11-26T19:51:10.123Z", System.Globalization.CultureInfo.InvariantCulture), e.Time);
        Assert.Equal("""{"orderId":"order-7","total":99.5}""", Encoding.UTF8.GetString(e.Data.Span));
        Assert.Equal("req-1", e.CorrelationId);
        Assert.Equal("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", e.TraceParent);
        Assert.Equal(new Dictionary<string, string> { ["causationId"] = "cmd-9", ["tenant"] = "contoso" }, e.Properties);
        Assert.Equal(5, e.Lsn);
    }

    [Fact]
    public void The_session_can_be_the_partition_key_instead_of_the_aggregate()
    {
        var e = Assert.Single(router.Route(OutboxRoute(o => o.SessionKey = "partitionKey"), Record()).Events);

        Assert.Equal("customer-42", e.PartitionKey);
    }

    [Fact]
    public void The_topic_can_be_mapped_from_the_aggregate_type()
    {
        var route = OutboxRoute(o => o.AggregateTopics = "order=orders-events-v2, invoice=billing");

        Assert.Equal("orders-events-v2", Assert.Single(router.Route(route, Record()).Events).Topic);
        Assert.Equal("billing", Assert.Single(router.Route(route, Record(r => r["aggregateType"] = "invoice")).Events).Topic);
        Assert.Equal("orders-events", Assert.Single(router.Route(route, Record(r => r["aggregateType"] = "customer")).Events).Topic);
    }

    [Fact]
    public void Data_of_any_json_kind_is_published_as_written()
    {
        Assert.Equal("[1,2]", Encoding.UTF8.GetString(Assert.Single(router.Route(OutboxRoute(), Record(r => r["data"] = new JsonArray(1, 2))).Events).Data.Span));
        Assert.Equal("null", Encoding.UTF8.GetString(Assert.Single(router.Route(OutboxRoute(), Record(r => r["data"] = null)).Events).Data.Span));
    }

    [Fact]
    public void Without_occurredAt_the_time_is_when_the_record_was_written()
    {
        var e = Assert.Single(router.Route(OutboxRoute(), Record(r => r.Remove("occurredAt"))).Events);

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_764_186_670), e.Time);
    }

    [Fact]
    public void Documents_that_are_not_outbox_records_are_ignored_not_parked()
    {
        var entity = Changes.Document(edit: d => d["partitionKey"] = "customer-42");
        var notAnOutboxKind = Record(r => r["kind"] = "order");

        foreach (var document in new[] { entity, notAnOutboxKind })
        {
            var outcome = router.Route(OutboxRoute(), document);
            Assert.Empty(outcome.Events);
            Assert.Null(outcome.ParkReason);
        }
    }

    [Theory]
    [InlineData("type", "outbox record 'type' is missing, empty or not a string")]
    [InlineData("aggregateId", "outbox record 'aggregateId' is missing, empty or not a string")]
    [InlineData("aggregateType", "outbox record 'aggregateType' is missing, empty or not a string")]
    [InlineData("data", "outbox record 'data' is missing (use null for an event without data)")]
    [InlineData("id", "the document has no 'id' string property")]
    [InlineData("schemaVersion", "outbox record schemaVersion is missing; this relay reads version 1")]
    [InlineData("partitionKey", "partition key '/partitionKey' is missing from the document")]
    public void A_malformed_outbox_record_is_parked_with_its_reason(string missing, string reason)
    {
        var outcome = router.Route(OutboxRoute(), Record(r => r.Remove(missing)));

        Assert.Empty(outcome.Events);
        Assert.Equal(reason, outcome.ParkReason);
    }

    [Theory]
    [InlineData("schemaVersion", "2", "outbox record schemaVersion is 2; this relay reads version 1")]
    [InlineData("occurredAt", "\"yesterday\"", "outbox record 'occurredAt' is \"yesterday\"; expected an RFC 3339 date-time string")]
    [InlineData("headers", "[1]", "outbox record 'headers' is a JSON array; expected an object of strings")]
    [InlineData("headers", """{"n":1}""", "outbox record header 'n' is a JSON number; header values must be strings")]
    [InlineData("headers", """{"cloudEvents_type":"x"}""", "outbox record header 'cloudEvents_type' is reserved for the CloudEvents envelope, tracing and delivery")]
    [InlineData("headers", """{"changefeed_delivery":"live"}""", "outbox record header 'changefeed_delivery' is reserved for the CloudEvents envelope, tracing and delivery")]
    public void An_outbox_record_with_a_bad_field_is_parked_with_its_reason(string field, string json, string reason)
    {
        var outcome = router.Route(OutboxRoute(), Record(r => r[field] = JsonNode.Parse(json)));

        Assert.Equal(reason, outcome.ParkReason);
    }

    [Fact]
    public void An_outbox_id_longer_than_a_message_id_allows_is_parked()
    {
        var outcome = router.Route(OutboxRoute(), Record(r => r["id"] = new string('a', 129)));

        Assert.Equal("outbox record id is 129 characters; Service Bus message ids allow 128", outcome.ParkReason);
    }
}

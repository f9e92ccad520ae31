using System.Text;
using ChangeFeed.Configuration;
using ChangeFeed.Envelope;
using CloudNative.CloudEvents.SystemTextJson;

namespace ChangeFeed.ServiceBus.Tests;

/// <summary>
/// The structured-mode encoder writes the body itself (one pass, pooled buffer, data embedded as written); it must be
/// the CloudEvent the CloudNative.CloudEvents formatter writes for <see cref="CloudEventConversion.ToCloudEvent"/> (byte
/// for byte when the data is compact JSON, as the router writes it; the same JSON otherwise), and fail where it fails.
/// </summary>
public class structured_body_is_what_the_cloudevents_formatter_writes
{
    private static readonly IntegrationEvent Sample = new(
        Id: "0f8fad5b-d9cb-869f-a165-70867728950e",
        Source: "/cosmos/contoso/shop/orders",
        Type: "com.contoso.orders.order.upserted",
        Subject: "order-1",
        Time: new DateTimeOffset(2026, 11, 26, 19, 51, 10, 123, TimeSpan.Zero),
        Data: Encoding.UTF8.GetBytes("""{"id":"order-1","total":42.5}"""),
        PartitionKey: "customer-1",
        Topic: "orders-cdc",
        ContentMode: ContentMode.Structured);

    public static TheoryData<string, string, string, string, string> Cases => new()
    {
        // data, partition key, subject, source, type
        { """{"id":"order-1","total":42.5}""", "customer-1", "order-1", "/cosmos/contoso/shop/orders", "com.contoso.orders.order.upserted" },
        { """{"name":"Zoë <b>&'\"","emoji":"🚚","esc":"\u00e9\n\t\\/","n":[1e3,-0.5,12345678901234567890,true,null,{}]}""", "klant-é", "bestelling 1", "/cosmos/contoso/shop/orders", "com.contoso.orders.order.deleted.v1" },
        { "null", "[\"tenant-1\",42]", "a/b", "https://contoso.example/orders?x=1&y=2", "t" },
        { "[1,2,3]", "42", "<subject>", "urn:contoso:orders", "type+with&odd'chars" },
        { """{ "spaced" : [ 1 , 2 ] , "nested" : { "a" : "\u0041" } }""", "k", "s", "relative path/with space", "x" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void for_every_kind_of_value(string data, string partitionKey, string subject, string source, string type)
    {
        var integrationEvent = Sample with { Data = Encoding.UTF8.GetBytes(data), PartitionKey = partitionKey, Subject = subject, Source = source, Type = type };

        var body = new EnvelopeEncoder().Encode(integrationEvent).Body.ToArray();

        var expected = new JsonEventFormatter().EncodeStructuredModeMessage(integrationEvent.ToCloudEvent(), out _).ToArray();
        Assert.True(
            System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(expected), System.Text.Json.Nodes.JsonNode.Parse(body)),
            $"expected {Encoding.UTF8.GetString(expected)}, got {Encoding.UTF8.GetString(body)}");
        if (data == Compact(data))
            Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(body));
    }

    [Fact]
    public void for_a_backfilled_event_with_its_position()
    {
        var integrationEvent = Sample with { Lsn = 9_000_000_001, OriginalId = "0f8fad5b-d9cb-869f-a165-70867728950e", BackfillSubscription = "billing", Id = "1b4e28ba-2fa1-8fd2-883f-0016d3cca427" };

        var body = new EnvelopeEncoder().Encode(integrationEvent).Body.ToString();

        var expected = new JsonEventFormatter().EncodeStructuredModeMessage(integrationEvent.ToCloudEvent(), out _).ToArray();
        Assert.Equal(Encoding.UTF8.GetString(expected), body);
        Assert.Contains("\"lsn\":\"9000000001\",\"originalid\":\"0f8fad5b-d9cb-869f-a165-70867728950e\"", body, StringComparison.Ordinal);
    }

    private static string Compact(string json) => System.Text.Json.Nodes.JsonNode.Parse(json)?.ToJsonString() ?? "null";

    [Fact]
    public void data_the_router_wrote_is_embedded_without_a_second_read_and_other_data_put_in_its_place_is_checked()
    {
        var routed = Assert.Single(new Routing.Router().Route(
            Core.Tests.Changes.Route(options => options.ContentMode = "Structured"), Core.Tests.Changes.Document()).Events);

        var body = new EnvelopeEncoder().Encode(routed).Body.ToString();
        var replaced = routed with { Data = Encoding.UTF8.GetBytes("""{"id":1""") };

        Assert.Equal(Encoding.UTF8.GetString(new JsonEventFormatter().EncodeStructuredModeMessage(routed.ToCloudEvent(), out _).Span), body);
        Assert.ThrowsAny<Exception>(() => new EnvelopeEncoder().Encode(replaced));
        Assert.ThrowsAny<Exception>(() => new EnvelopeEncoder().Encode(routed with { Data = routed.Data[..^1] }));
    }

    [Theory]
    [InlineData("""{"id":1""", "customer-1")]
    [InlineData("", "customer-1")]
    [InlineData("""{"id":1}""", "customer\u0001")]
    public void and_fails_where_it_fails(string data, string partitionKey)
    {
        var integrationEvent = Sample with { Data = Encoding.UTF8.GetBytes(data), PartitionKey = partitionKey };

        var expected = Record.Exception(() => new JsonEventFormatter().EncodeStructuredModeMessage(integrationEvent.ToCloudEvent(), out _));
        var actual = Record.Exception(() => new EnvelopeEncoder().Encode(integrationEvent));

        Assert.NotNull(expected);
        Assert.NotNull(actual);
    }
}

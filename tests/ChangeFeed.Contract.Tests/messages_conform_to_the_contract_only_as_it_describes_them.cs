using System.Text;
using ChangeFeed.Configuration;
using ChangeFeed.Envelope;
using ChangeFeed.Routing;

namespace ChangeFeed.Contract.Tests;

/// <summary>
/// What the relay's encoder writes (binary and structured, live and backfilled, claim-checked, outbox with headers,
/// with a data schema) conforms to the committed contract, and each kind of change to the wire the contract does not
/// describe is found: an undeclared attribute, a property of another type, a wrong session id, a body member too many.
/// </summary>
public sealed class messages_conform_to_the_contract_only_as_it_describes_them
{
    private static readonly ContractCheck Check = new(Repo.Read(Repo.Contract));

    private static IntegrationEvent Routed(Route route, System.Text.Json.JsonElement document) =>
        Assert.Single(new Router().Route(route, document).Events);

    public static TheoryData<string> Kinds() =>
        ["binary", "structured", "backfill", "claim check binary", "claim check structured", "outbox headers", "outbox structured", "long partition key", "data schema"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void every_kind_the_encoder_writes_conforms(string kind)
    {
        var message = Wire.Encode(Event(kind));

        Assert.Empty(Check.Problems(message));
    }

    private static IntegrationEvent Event(string kind)
    {
        var binary = Routed(SchemaRoutes.Orders(), SchemaRoutes.Order());
        return kind switch
        {
            "binary" => binary with { DataSchema = null },
            "structured" => Routed(SchemaRoutes.Orders(ContentMode.Structured), SchemaRoutes.Order()),
            "backfill" => binary with { Id = "1b4e28ba-2fa1-8fd2-883f-0016d3cca427", OriginalId = binary.Id, BackfillSubscription = "billing" },
            "claim check binary" => binary with { Data = ReadOnlyMemory<byte>.Empty, DataRef = new Uri("https://contoso.blob.core.windows.net/large-events/x.json") },
            "claim check structured" => binary with { ContentMode = ContentMode.Structured, Data = ReadOnlyMemory<byte>.Empty, DataRef = new Uri("https://contoso.blob.core.windows.net/large-events/x.json") },
            "outbox headers" => Routed(SchemaRoutes.Outbox() with { ContentMode = ContentMode.Binary }, SchemaRoutes.OutboxRecord(headers: new() { ["tenant"] = "contoso" })),
            "outbox structured" => Routed(SchemaRoutes.Outbox(), SchemaRoutes.OutboxRecord(data: null)),
            "long partition key" => Routed(SchemaRoutes.Orders(), SchemaRoutes.Order(customerId: new string('k', 200))),
            _ => binary,
        };
    }

    [Fact]
    public void an_attribute_the_contract_does_not_declare_is_found() =>
        Assert.Contains(Check.Problems(Wire.Encode(Event("binary")).WithProperty("cloudEvents_tenant", "contoso")), problem => problem.Contains("cloudEvents_tenant", StringComparison.Ordinal));

    [Fact]
    public void a_property_of_another_type_is_found() =>
        Assert.NotEmpty(Check.Problems(Wire.Encode(Event("binary")).WithProperty("cloudEvents_lsn", 10L)));

    [Fact]
    public void a_missing_delivery_property_is_found() =>
        Assert.NotEmpty(Check.Problems(Wire.Encode(Event("binary")).WithoutProperty(Delivery.Property)));

    [Fact]
    public void a_session_id_that_is_not_the_partition_keys_is_found()
    {
        var message = Wire.Encode(Event("long partition key"));

        Assert.Contains(Check.Problems(message with { SessionId = new string('k', 128) }), problem => problem.StartsWith("SessionId", StringComparison.Ordinal));
    }

    [Fact]
    public void a_message_id_other_than_the_event_id_is_found() =>
        Assert.Contains(Check.Problems(Wire.Encode(Event("binary")) with { MessageId = "other" }), problem => problem.StartsWith("MessageId", StringComparison.Ordinal));

    [Fact]
    public void a_structured_body_member_the_contract_does_not_declare_is_found()
    {
        var message = Wire.Encode(Event("structured"));
        var body = Encoding.UTF8.GetString(message.Body.Span).Replace("{\"specversion\"", "{\"tenant\":\"contoso\",\"specversion\"", StringComparison.Ordinal);

        Assert.NotEmpty(Check.Problems(message with { Body = Encoding.UTF8.GetBytes(body) }));
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("{\"specversion\":")]
    public void a_structured_body_that_is_no_cloudevent_is_found(string body) =>
        Assert.NotEmpty(Check.Problems(Wire.Encode(Event("structured")) with { Body = Encoding.UTF8.GetBytes(body) }));

    [Fact]
    public void a_claim_checked_message_with_a_body_is_found()
    {
        var message = Wire.Encode(Event("claim check binary"));

        Assert.Contains(Check.Problems(message with { Body = "{}"u8.ToArray() }), problem => problem.Contains("dataref", StringComparison.Ordinal));
    }

    [Fact]
    public void a_reserved_name_as_an_outbox_header_is_found() =>
        Assert.NotEmpty(Check.Problems(Wire.Encode(Event("outbox headers")).WithProperty("changefeed_delivery", "everyone")));
}

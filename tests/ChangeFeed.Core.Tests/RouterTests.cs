using System.Text;
using System.Text.Json;
using ChangeFeed.Configuration;
using ChangeFeed.Envelope;
using ChangeFeed.Routing;

namespace ChangeFeed.Core.Tests;

public class RouterTests
{
    private readonly Router router = new();

    [Fact]
    public void System_properties_are_removed_even_when_their_names_are_escaped_and_other_underscore_names_are_kept()
    {
        var change = Changes.Parse("""{"id":"order-1","customerId":"c","_custom":1,"\u005Frid":"x","_\u0065tag":"y","\u0061":2,"_lsn":1,"_ts":1}""");

        var e = Assert.Single(router.Route(Changes.Route(), change).Events);

        using var data = JsonDocument.Parse(e.Data);
        Assert.Equal(["id", "customerId", "_custom", "a"], data.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void A_document_change_becomes_one_upserted_event_with_every_attribute_set()
    {
        var outcome = router.Route(Changes.Route(), Changes.Document());

        Assert.Null(outcome.ParkReason);
        var e = Assert.Single(outcome.Events);
        Assert.Equal("com.contoso.orders.order.upserted", e.Type);
        Assert.Equal("/cosmos/contoso/shop/orders", e.Source);
        Assert.Equal("order-1", e.Subject);
        Assert.Equal("customer-1", e.PartitionKey);
        Assert.Equal("orders-cdc", e.Topic);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_764_000_000), e.Time);
        Assert.Equal("application/json", e.DataContentType);
        Assert.Equal(10, e.Lsn);
        Assert.Equal(EventId.ForChange("contoso", "shop", "orders", "customer-1", "order-1", 10), e.Id);
    }

    [Fact]
    public void Data_is_the_document_without_system_properties()
    {
        var e = Assert.Single(router.Route(Changes.Route(), Changes.Document()).Events);

        using var data = JsonDocument.Parse(e.Data);
        var names = data.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(["id", "customerId", "total", "lines"], names);
        Assert.Equal(2, data.RootElement.GetProperty("lines")[0].GetProperty("qty").GetInt32());
    }

    [Fact]
    public void Excluded_properties_are_left_out_of_data()
    {
        var route = Changes.Route(o => o.ExcludeProperties = "total, lines");
        var e = Assert.Single(router.Route(route, Changes.Document()).Events);

        Assert.Equal("""{"id":"order-1","customerId":"customer-1"}""", Encoding.UTF8.GetString(e.Data.Span));
    }

    [Fact]
    public void Only_included_properties_are_kept_in_data()
    {
        var route = Changes.Route(o => o.IncludeProperties = "id,total,_lsn");
        var e = Assert.Single(router.Route(route, Changes.Document()).Events);

        Assert.Equal("""{"id":"order-1","total":42.5}""", Encoding.UTF8.GetString(e.Data.Span));
    }

    [Fact]
    public void A_soft_deleted_document_becomes_a_deleted_event()
    {
        var e = Assert.Single(router.Route(Changes.Route(), Changes.Document(edit: d => d["isDeleted"] = true)).Events);

        Assert.Equal("com.contoso.orders.order.deleted", e.Type);
    }

    [Fact]
    public void A_soft_delete_property_that_is_false_or_not_a_boolean_is_an_upsert()
    {
        var falseFlag = router.Route(Changes.Route(), Changes.Document(edit: d => d["isDeleted"] = false));
        var textFlag = router.Route(Changes.Route(), Changes.Document(edit: d => d["isDeleted"] = "true"));

        Assert.Equal("com.contoso.orders.order.upserted", Assert.Single(falseFlag.Events).Type);
        Assert.Equal("com.contoso.orders.order.upserted", Assert.Single(textFlag.Events).Type);
    }

    [Fact]
    public void The_type_can_come_from_a_document_property_with_prefix_and_version()
    {
        var route = Changes.Route(o =>
        {
            o.EventType = null;
            o.TypeProperty = "kind";
            o.TypePrefix = "com.contoso.";
            o.TypeVersion = "v2";
        });

        var e = Assert.Single(router.Route(route, Changes.Document(edit: d => d["kind"] = "invoice")).Events);

        Assert.Equal("com.contoso.invoice.upserted.v2", e.Type);
    }

    [Fact]
    public void A_configured_source_replaces_the_default()
    {
        var e = Assert.Single(router.Route(Changes.Route(o => o.Source = "urn:contoso:orders"), Changes.Document()).Events);

        Assert.Equal("urn:contoso:orders", e.Source);
    }

    [Fact]
    public void A_hierarchical_partition_key_renders_as_a_json_array()
    {
        var route = Changes.Route(o => o.PartitionKeyPath = "/tenant, /address/country");
        var document = Changes.Document(edit: d =>
        {
            d["tenant"] = "t-1";
            d["address"] = new System.Text.Json.Nodes.JsonObject { ["country"] = "NL" };
        });

        var e = Assert.Single(router.Route(route, document).Events);

        Assert.Equal("""["t-1","NL"]""", e.PartitionKey);
        Assert.Equal(EventId.ForChange("contoso", "shop", "orders", """["t-1","NL"]""", "order-1", 10), e.Id);
    }

    [Fact]
    public void A_numeric_partition_key_renders_as_its_json_number()
    {
        var route = Changes.Route(o => o.PartitionKeyPath = "/region");
        var e = Assert.Single(router.Route(route, Changes.Document(edit: d => d["region"] = 31)).Events);

        Assert.Equal("31", e.PartitionKey);
    }

    [Fact]
    public void The_correlation_id_is_taken_from_the_configured_property()
    {
        var route = Changes.Route(o => o.CorrelationIdProperty = "correlationId");
        var e = Assert.Single(router.Route(route, Changes.Document(edit: d => d["correlationId"] = "req-7")).Events);

        Assert.Equal("req-7", e.CorrelationId);
    }

    [Fact]
    public void The_content_mode_of_the_route_travels_with_the_event()
    {
        var e = Assert.Single(router.Route(Changes.Route(o => o.ContentMode = "structured"), Changes.Document()).Events);

        Assert.Equal(ContentMode.Structured, e.ContentMode);
    }

    [Theory]
    [InlineData("[1,2]", "the change is a JSON array, not a document object")]
    [InlineData("\"text\"", "the change is a JSON string, not a document object")]
    [InlineData("null", "the change is a JSON null, not a document object")]
    [InlineData("""{"customerId":"c","_lsn":1,"_ts":1}""", "the document has no 'id' string property")]
    [InlineData("""{"id":7,"customerId":"c","_lsn":1,"_ts":1}""", "the document has no 'id' string property")]
    [InlineData("""{"id":"","customerId":"c","_lsn":1,"_ts":1}""", "the document has no 'id' string property")]
    [InlineData("""{"id":"a","customerId":"c","_ts":1}""", "the system property '_lsn' is missing or not a number")]
    [InlineData("""{"id":"a","customerId":"c","_lsn":1}""", "the system property '_ts' is missing or not a number")]
    [InlineData("""{"id":"a","_lsn":1,"_ts":1}""", "partition key '/customerId' is missing from the document")]
    [InlineData("""{"id":"a","customerId":{"x":1},"_lsn":1,"_ts":1}""", "partition key '/customerId' is a JSON object; this route allows number, string")]
    [InlineData("""{"id":"a","customerId":true,"_lsn":1,"_ts":1}""", "partition key '/customerId' is a JSON boolean; this route allows number, string")]
    [InlineData("""{"id":"a","customerId":null,"_lsn":1,"_ts":1}""", "partition key '/customerId' is a JSON null; this route allows number, string")]
    public void A_bad_document_is_parked_with_a_reason_that_says_what_is_wrong(string json, string reason)
    {
        var outcome = router.Route(Changes.Route(), Changes.Parse(json));

        Assert.Empty(outcome.Events);
        Assert.NotNull(outcome.ParkReason);
        Assert.StartsWith(reason, outcome.ParkReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_type_property_is_parked_when_the_route_takes_its_type_from_the_document()
    {
        var route = Changes.Route(o => (o.EventType, o.TypeProperty) = (null, "kind"));

        var outcome = router.Route(route, Changes.Document());

        Assert.Empty(outcome.Events);
        Assert.Equal("the type property 'kind' is missing, empty or not a string", outcome.ParkReason);
        Assert.Equal("order-1", outcome.DocumentId);
        Assert.Equal("customer-1", outcome.PartitionKey);
        Assert.Equal(10, outcome.Lsn);
    }

    [Fact]
    public void Partition_key_types_named_by_the_route_are_allowed()
    {
        var route = Changes.Route(o => o.PartitionKeyTypes = "boolean,null");

        Assert.Equal("true", Assert.Single(router.Route(route, Changes.Document(edit: d => d["customerId"] = true)).Events).PartitionKey);
        Assert.Equal("null", Assert.Single(router.Route(route, Changes.Document(edit: d => d["customerId"] = null)).Events).PartitionKey);
        Assert.NotNull(router.Route(route, Changes.Document()).ParkReason);
    }
}

using System.Text.Json.Nodes;
using ChangeFeed.Configuration;
using ChangeFeed.Envelope;
using ChangeFeed.Routing;
using Microsoft.Extensions.Options;

namespace ChangeFeed.Contract.Tests;

/// <summary>
/// A route's <c>DataSchema</c> names a JSON Schema file per event type: the schema's <c>$id</c> is each such event's
/// CloudEvents <c>dataschema</c> (binary and structured), the contract includes the schema and refers the message's
/// data to it, and a file that cannot serve is refused at start by name.
/// </summary>
public sealed class data_schemas_are_stamped_and_included
{
    [Fact]
    public void as_the_dataschema_attribute_of_the_events_of_that_type_only()
    {
        var upserted = Assert.Single(new Router().Route(SchemaRoutes.Orders(), SchemaRoutes.Order()).Events);
        var deleted = Assert.Single(new Router().Route(SchemaRoutes.Orders(), SchemaRoutes.Order(edit: d => d["isDeleted"] = true)).Events);

        Assert.Equal(SchemaRoutes.OrderSchemaId, Wire.Encode(upserted).ApplicationProperties["cloudEvents_dataschema"]);
        Assert.Equal(new Uri(SchemaRoutes.OrderSchemaId), upserted.ToCloudEvent().DataSchema);
        Assert.Null(deleted.DataSchema);
    }

    [Fact]
    public void in_the_structured_body()
    {
        var routed = Assert.Single(new Router().Route(SchemaRoutes.Outbox(), SchemaRoutes.OutboxRecord()).Events);

        var body = JsonNode.Parse(Wire.Encode(routed).Body.Span)!;

        Assert.Equal(SchemaRoutes.OrderPlacedSchemaId, (string?)body["dataschema"]);
    }

    [Fact]
    public void where_the_cloudevents_formatter_writes_it_in_a_structured_body()
    {
        var routed = Assert.Single(new Router().Route(SchemaRoutes.Orders(ContentMode.Structured), SchemaRoutes.Order()).Events);

        var expected = new CloudNative.CloudEvents.SystemTextJson.JsonEventFormatter().EncodeStructuredModeMessage(routed.ToCloudEvent(), out _);

        Assert.Equal(System.Text.Encoding.UTF8.GetString(expected.Span), System.Text.Encoding.UTF8.GetString(Wire.Encode(routed).Body.Span));
    }

    [Fact]
    public void in_the_contract_by_reference_from_the_message()
    {
        var contract = AsyncApiContract.Describe(SchemaRoutes.All());

        var schema = contract["components"]!["schemas"]!["com.contoso.orders.OrderPlaced.data"]!;
        var message = contract["components"]!["messages"]!["com.contoso.orders.OrderPlaced"]!;
        Assert.Equal(SchemaRoutes.OrderPlacedSchemaId, (string?)schema["$id"]);
        Assert.Contains("\"#/components/schemas/com.contoso.orders.OrderPlaced.data\"", message["payload"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(SchemaRoutes.OrderPlacedSchemaId, message["payload"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.NotNull(contract["channels"]!["billing-events"]);
        Assert.NotNull(contract["operations"]!["outbox.billing-events"]);
    }

    [Theory]
    [InlineData("missing.json", "does not exist")]
    [InlineData("no-id", "has no absolute \"$id\"")]
    [InlineData("not-json", "is not JSON")]
    public void and_a_file_that_cannot_serve_is_refused_at_start(string file, string reason)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-{file}");
        if (file != "missing.json")
            File.WriteAllText(path, file == "no-id" ? """{ "type": "object" }""" : "{ type: ");
        try
        {
            var options = new ChangeFeedOptions { Account = "contoso" };
            options.Routes["orders"] = new RouteOptions
            {
                Database = "shop", Container = "orders", Topic = "orders-cdc", PartitionKeyPath = "/customerId", EventType = "com.contoso.orders.order",
                DataSchema = $"com.contoso.orders.order.upserted={path}",
            };

            var result = new ChangeFeedOptionsValidator().Validate(null, options);

            Assert.True(result.Failed);
            Assert.Contains(result.Failures!, failure => failure.StartsWith("ChangeFeed:Routes:orders:DataSchema:", StringComparison.Ordinal) && failure.Contains(reason, StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(path);
        }
    }
}

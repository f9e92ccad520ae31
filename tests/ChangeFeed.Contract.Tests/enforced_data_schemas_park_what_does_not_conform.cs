using System.Text.Json.Nodes;
using ChangeFeed.Configuration;
using ChangeFeed.Routing;

namespace ChangeFeed.Contract.Tests;

/// <summary>
/// A route with <c>EnforceDataSchema=true</c> checks each event's data against the data schema of its type, in the
/// router: data that does not conform parks the change with the validator's message (the change's id and position
/// kept for replay), conforming data and types without a schema are published, and without enforcement nothing is checked.
/// </summary>
public sealed class enforced_data_schemas_park_what_does_not_conform
{
    private static readonly Router Router = new();

    private static Route Enforcing(Route route) => route with { EnforceDataSchema = true };

    [Fact]
    public void a_document_missing_a_required_property_is_parked_with_the_validators_message()
    {
        var outcome = Router.Route(Enforcing(SchemaRoutes.Orders()), SchemaRoutes.Order(edit: d => d.Remove("total")));

        Assert.Empty(outcome.Events);
        Assert.Equal("order-1", outcome.DocumentId);
        Assert.Equal(10, outcome.Lsn);
        Assert.Contains("does not conform to its data schema https://schemas.contoso.example/orders/order/1", outcome.ParkReason, StringComparison.Ordinal);
        Assert.Contains("total", outcome.ParkReason, StringComparison.Ordinal);
    }

    [Fact]
    public void a_value_of_the_wrong_type_is_parked_where_it_is()
    {
        var outcome = Router.Route(Enforcing(SchemaRoutes.Orders()), SchemaRoutes.Order(edit: d => d["total"] = "forty-two"));

        Assert.Empty(outcome.Events);
        Assert.Contains("'/total'", outcome.ParkReason, StringComparison.Ordinal);
    }

    [Fact]
    public void an_outbox_record_whose_data_does_not_conform_is_parked()
    {
        var outcome = Router.Route(Enforcing(SchemaRoutes.Outbox()), SchemaRoutes.OutboxRecord(data: new JsonObject { ["order"] = "order-1" }));

        Assert.Empty(outcome.Events);
        Assert.Contains("com.contoso.orders.OrderPlaced", outcome.ParkReason, StringComparison.Ordinal);
        Assert.Contains("orderId", outcome.ParkReason, StringComparison.Ordinal);
    }

    [Fact]
    public void conforming_data_and_types_without_a_schema_are_published()
    {
        Assert.Single(Router.Route(Enforcing(SchemaRoutes.Orders()), SchemaRoutes.Order()).Events);
        Assert.Single(Router.Route(Enforcing(SchemaRoutes.Orders()), SchemaRoutes.Order(edit: d => { d.Remove("total"); d["isDeleted"] = true; })).Events);
        Assert.Single(Router.Route(Enforcing(SchemaRoutes.Outbox()), SchemaRoutes.OutboxRecord(type: "com.contoso.orders.OrderShipped", data: new JsonObject())).Events);
    }

    [Fact]
    public void without_enforcement_the_schema_only_describes()
    {
        var published = Assert.Single(Router.Route(SchemaRoutes.Orders(), SchemaRoutes.Order(edit: d => d.Remove("total"))).Events);

        Assert.Equal(new Uri(SchemaRoutes.OrderSchemaId), published.DataSchema);
    }

    [Theory]
    [InlineData("yes", null, "is not true or false")]
    [InlineData("true", null, "names no DataSchema")]
    public void a_setting_that_cannot_serve_is_refused_at_start(string enforce, string? schema, string reason)
    {
        var options = new ChangeFeedOptions { Account = "contoso" };
        options.Routes["orders"] = new RouteOptions
        {
            Database = "shop", Container = "orders", Topic = "orders-cdc", PartitionKeyPath = "/customerId", EventType = "com.contoso.orders.order",
            EnforceDataSchema = enforce, DataSchema = schema,
        };

        var result = new ChangeFeedOptionsValidator().Validate(null, options);

        Assert.Contains(result.Failures ?? [], failure => failure.StartsWith("ChangeFeed:Routes:orders:EnforceDataSchema", StringComparison.Ordinal) && failure.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void the_setting_reaches_the_route() =>
        Assert.True(Route.From("orders", new RouteOptions
        {
            Database = "shop", Container = "orders", Topic = "orders-cdc", PartitionKeyPath = "/customerId", EventType = "com.contoso.orders.order",
            EnforceDataSchema = "True", DataSchema = $"com.contoso.orders.order.upserted={Repo.Path("tests/ChangeFeed.Contract.Tests/schemas/order.json")}",
        }, "contoso").EnforceDataSchema);
}

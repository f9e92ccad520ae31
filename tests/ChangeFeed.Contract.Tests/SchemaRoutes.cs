using System.Text.Json;
using System.Text.Json.Nodes;
using ChangeFeed.Configuration;
using ChangeFeed.Routing;

namespace ChangeFeed.Contract.Tests;

/// <summary>Routes that name data schemas (tests/ChangeFeed.Contract.Tests/schemas), and documents for them.</summary>
internal static class SchemaRoutes
{
    public const string OrderSchemaId = "https://schemas.contoso.example/orders/order/1";
    public const string OrderPlacedSchemaId = "https://schemas.contoso.example/orders/order-placed/1";

    public static Route Orders(ContentMode mode = ContentMode.Binary) => Route.From("orders", new RouteOptions
    {
        Database = "shop",
        Container = "orders",
        Topic = "orders-cdc",
        PartitionKeyPath = "/customerId",
        EventType = "com.contoso.orders.order",
        SoftDeleteProperty = "isDeleted",
        ContentMode = mode.ToString(),
        DataSchema = $"com.contoso.orders.order.upserted={Repo.Path("tests/ChangeFeed.Contract.Tests/schemas/order.json")}",
    }, "contoso");

    public static Route Outbox() => Route.From("outbox", new RouteOptions
    {
        Mode = "outbox",
        Database = "shop",
        Container = "outbox",
        Topic = "orders-events",
        PartitionKeyPath = "/partitionKey",
        ContentMode = "structured",
        AggregateTopics = "invoice=billing-events",
        EventTypes = "com.contoso.orders.OrderPlaced,com.contoso.orders.OrderShipped",
        DataSchema = $"com.contoso.orders.OrderPlaced={Repo.Path("tests/ChangeFeed.Contract.Tests/schemas/order-placed.json")}",
    }, "contoso");

    public static IReadOnlyList<Route> All() => [Orders(ContentMode.Structured), Outbox()];

    public static JsonElement Order(string id = "order-1", string customerId = "customer-1", long lsn = 10, Action<JsonObject>? edit = null)
    {
        var document = new JsonObject
        {
            ["id"] = id,
            ["customerId"] = customerId,
            ["total"] = 42.5,
            ["_rid"] = "abc==",
            ["_etag"] = "\"0\"",
            ["_ts"] = 1_764_000_000,
            ["_lsn"] = lsn,
        };
        edit?.Invoke(document);
        return JsonSerializer.Deserialize<JsonElement>(document.ToJsonString());
    }

    public static JsonElement OutboxRecord(string type = "com.contoso.orders.OrderPlaced", JsonNode? data = null, JsonObject? headers = null) =>
        JsonSerializer.Deserialize<JsonElement>(new JsonObject
        {
            ["id"] = "0192f0c4-8f5e-7a3b-9c1d-2e3f4a5b6c7d",
            ["kind"] = "outbox",
            ["schemaVersion"] = 1,
            ["partitionKey"] = "customer-1",
            ["type"] = type,
            ["aggregateType"] = "order",
            ["aggregateId"] = "order-1",
            ["data"] = data ?? new JsonObject { ["orderId"] = "order-1" },
            ["causationId"] = "command-7",
            ["headers"] = headers,
            ["_ts"] = 1_764_000_000,
            ["_lsn"] = 11,
        }.ToJsonString());
}

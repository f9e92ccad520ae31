using System.Text.Json;
using System.Text.Json.Nodes;
using ChangeFeed.Configuration;
using ChangeFeed.Routing;

namespace ChangeFeed.Core.Tests;

/// <summary>Documents shaped like the change feed delivers them, and routes to read them with.</summary>
internal static class Changes
{
    public static JsonElement Document(string id = "order-1", string customerId = "customer-1", long lsn = 10, long ts = 1_764_000_000, Action<JsonObject>? edit = null)
    {
        var document = new JsonObject
        {
            ["id"] = id,
            ["customerId"] = customerId,
            ["total"] = 42.5,
            ["lines"] = new JsonArray(new JsonObject { ["sku"] = "A-1", ["qty"] = 2 }),
            ["_rid"] = "abc==",
            ["_self"] = "dbs/abc==/colls/def==/docs/ghi==/",
            ["_etag"] = "\"00000000-0000-0000-0000-000000000000\"",
            ["_attachments"] = "attachments/",
            ["_ts"] = ts,
            ["_lsn"] = lsn,
        };
        edit?.Invoke(document);
        return Parse(document.ToJsonString());
    }

    public static JsonElement Parse(string json) => JsonSerializer.Deserialize<JsonElement>(json);

    public static RouteOptions Options(Action<RouteOptions>? edit = null)
    {
        var options = new RouteOptions
        {
            Database = "shop",
            Container = "orders",
            Topic = "orders-cdc",
            PartitionKeyPath = "/customerId",
            EventType = "com.contoso.orders.order",
            SoftDeleteProperty = "isDeleted",
        };
        edit?.Invoke(options);
        return options;
    }

    public static Route Route(Action<RouteOptions>? edit = null) => Routing.Route.From("orders", Options(edit), "contoso");
}

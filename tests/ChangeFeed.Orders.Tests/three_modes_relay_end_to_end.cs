using System.Text.Json;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents.Extensions;

namespace ChangeFeed.Orders.Tests;

public class three_modes_relay_end_to_end(CosmosAccount account) : IClassFixture<CosmosAccount>
{
    private static readonly OrderLine[] Lines = [new("A-1", 2, 10m), new("B-7", 1, 5.5m)];

    [Fact]
    public async Task An_order_placed_through_the_outbox_is_published_as_OrderPlaced_and_the_entity_is_not()
    {
        await using var modes = await ThreeModes.StartAsync(account);
        var saved = await modes.Orders.PlaceAsync("order-7", "customer-42", Lines, CancellationToken.None);

        var result = await modes.RelayAsync("outbox", await modes.ChangeFeedAsync());

        Assert.Equal(1, result.Published);
        Assert.Empty(result.Parked);
        var placed = Assert.Single(modes.Received("orders-events"));
        Assert.Equal(saved.EventId, placed.Id);
        Assert.Equal("com.contoso.orders.OrderPlaced", placed.Type);
        Assert.Equal("order-7", placed.Subject);
        Assert.Equal("order-7", placed[Partitioning.PartitionKeyAttribute]);
        Assert.Equal(ThreeModes.Now, placed.Time);
        var data = (JsonElement)placed.Data!;
        Assert.Equal(25.5m, data.GetProperty("total").GetDecimal());
        Assert.Equal("customer-42", data.GetProperty("customerId").GetString());
        Assert.Equal("order-7", Assert.Single(modes.ServiceBus.Sent).Message.SessionId);
    }

    [Fact]
    public async Task Placing_and_shipping_an_order_publishes_both_events_in_order_in_one_session()
    {
        await using var modes = await ThreeModes.StartAsync(account);
        var placed = await modes.Orders.PlaceAsync("order-7", "customer-42", Lines, CancellationToken.None);
        var shipped = await modes.Orders.ShipAsync(placed, "DHL", CancellationToken.None);

        await modes.RelayAsync("outbox", await modes.ChangeFeedAsync());

        Assert.Equal(["com.contoso.orders.OrderPlaced", "com.contoso.orders.OrderShipped"], modes.Received("orders-events").Select(e => e.Type));
        Assert.Equal([placed.EventId, shipped.EventId], modes.Received("orders-events").Select(e => e.Id));
        Assert.All(modes.ServiceBus.Sent, s => Assert.Equal("order-7", s.Message.SessionId));
    }

    [Fact]
    public async Task The_same_order_documents_through_change_data_capture_become_upserted_events()
    {
        await using var modes = await ThreeModes.StartAsync(account);
        await modes.Orders.PlaceAsync("order-7", "customer-42", Lines, CancellationToken.None);
        var entity = (await modes.ChangeFeedAsync()).Single(d => d.GetProperty("id").GetString() == "order-7");
        var withKind = modes.Written(JsonSerializer.Deserialize<JsonElement>(JsonNode.Parse(entity.GetRawText())!.AsObject().Also(o => o["kind"] = "order").ToJsonString()));

        var result = await modes.RelayAsync("orders", [withKind]);

        Assert.Equal(1, result.Published);
        var upserted = Assert.Single(modes.Received("orders-cdc"));
        Assert.Equal("com.contoso.orders.order.upserted", upserted.Type);
        Assert.Equal("order-7", upserted.Subject);
        Assert.Equal("placed", ((JsonElement)upserted.Data!).GetProperty("status").GetString());
        Assert.Equal("customer-42", Assert.Single(modes.ServiceBus.Sent).Message.SessionId);
    }

    [Fact]
    public async Task Events_appended_to_an_event_store_are_published_as_is_in_stream_order()
    {
        await using var modes = await ThreeModes.StartAsync(account);
        var appended = new[]
        {
            modes.Written(Stream("order-7", 1, "OrderPlaced")),
            modes.Written(Stream("order-8", 1, "OrderPlaced")),
            modes.Written(Stream("order-7", 2, "OrderShipped")),
        };

        var result = await modes.RelayAsync("eventstore", appended);

        Assert.Equal(3, result.Published);
        var order7 = modes.Received("orders-stream").Where(e => e.Subject == "order-7").ToList();
        Assert.Equal(["OrderPlaced", "OrderShipped"], order7.Select(e => e.Type));
        Assert.Equal([1, 2], order7.Select(e => ((JsonElement)e.Data!).GetProperty("version").GetInt32()));
    }

    private static JsonElement Stream(string streamId, int version, string type) =>
        JsonSerializer.SerializeToElement(new JsonObject
        {
            ["id"] = $"{streamId}:{version}",
            ["streamId"] = streamId,
            ["version"] = version,
            ["type"] = type,
            ["data"] = new JsonObject(),
        });
}

internal static class NodeExtensions
{
    public static JsonObject Also(this JsonObject node, Action<JsonObject> edit)
    {
        edit(node);
        return node;
    }
}

using System.Text.Json;
using ChangeFeed.Envelope;
using ChangeFeed.Routing;

namespace ChangeFeed.Core.Tests;

public class EventStoreRouterTests
{
    private readonly Router router = new();

    private static Route EventStoreRoute() => Changes.Route(o =>
    {
        o.Mode = "eventstore";
        o.Container = "events";
        o.Topic = "orders-stream";
        o.PartitionKeyPath = "/streamId";
        o.EventType = null;
        o.TypeProperty = "type";
        o.SoftDeleteProperty = null;
    });

    private static JsonElement Appended(string streamId, int version, string type = "OrderPlaced", long lsn = 0) =>
        Changes.Parse($$"""{"id":"{{streamId}}:{{version}}","streamId":"{{streamId}}","version":{{version}},"type":"{{type}}","data":{"n":{{version}}},"_ts":1764186670,"_lsn":{{(lsn == 0 ? version : lsn)}}}""");

    [Fact]
    public void Every_appended_event_is_published_as_is_with_its_own_type()
    {
        var e = Assert.Single(router.Route(EventStoreRoute(), Appended("order-7", 3, "OrderShipped")).Events);

        Assert.Equal("OrderShipped", e.Type);
        Assert.Equal("order-7", e.Subject);
        Assert.Equal("order-7", e.PartitionKey);
        Assert.Equal("orders-stream", e.Topic);
        Assert.Equal("""{"id":"order-7:3","streamId":"order-7","version":3,"type":"OrderShipped","data":{"n":3}}""", System.Text.Encoding.UTF8.GetString(e.Data.Span));
        Assert.Equal(EventId.FromParts("eventstore", "contoso", "shop", "events", "order-7", "order-7:3"), e.Id);
    }

    [Fact]
    public void The_same_event_document_read_twice_keeps_its_id()
    {
        var first = Assert.Single(router.Route(EventStoreRoute(), Appended("s", 1, lsn: 10)).Events);
        var rewritten = Assert.Single(router.Route(EventStoreRoute(), Appended("s", 1, lsn: 11)).Events);

        Assert.Equal(first.Id, rewritten.Id);
    }

    [Fact]
    public void Events_of_a_stream_keep_stream_order_and_streams_do_not_share_ids()
    {
        var changes = new[] { Appended("a", 1), Appended("b", 1), Appended("a", 2), Appended("a", 3), Appended("b", 2) };

        var events = changes.SelectMany(c => router.Route(EventStoreRoute(), c).Events).ToList();

        Assert.Equal([1, 2, 3], events.Where(e => e.PartitionKey == "a").Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("version").GetInt32()));
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public void An_event_without_a_type_is_parked()
    {
        var outcome = router.Route(EventStoreRoute(), Changes.Parse("""{"id":"x","streamId":"s","_ts":1,"_lsn":1}"""));

        Assert.Equal("the type property 'type' is missing, empty or not a string", outcome.ParkReason);
    }
}

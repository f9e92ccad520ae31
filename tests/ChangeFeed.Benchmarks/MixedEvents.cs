using System.Text.Json;
using ChangeFeed.Configuration;
using ChangeFeed.Envelope;
using ChangeFeed.Routing;

namespace ChangeFeed.Benchmarks;

/// <summary>
/// Routed events of mixed sizes over two topics: 70 % ~1 KB, 25 % ~10 KB, 5 % ~100 KB orders, in a fixed pseudo-random
/// order; 3 in 4 go to <c>orders-cdc</c>, the rest to <c>returns-cdc</c>. Events of one size share their data bytes.
/// </summary>
public static class MixedEvents
{
    public static IntegrationEvent[] Create(int count)
    {
        var router = new Router();
        var route = OrderDocuments.Route(ContentMode.Binary);
        var templates = new[] { 1, 10, 100 }.Select(kb =>
        {
            using var document = JsonDocument.Parse(OrderDocuments.Create(kb * 1024));
            return router.Route(route, document.RootElement).Events[0];
        }).ToArray();

        var random = new Random(8);
        var events = new IntegrationEvent[count];
        for (var i = 0; i < count; i++)
        {
            var roll = random.Next(100);
            var template = templates[roll < 70 ? 0 : roll < 95 ? 1 : 2];
            var customer = $"customer-{random.Next(997):D5}";
            events[i] = template with
            {
                Id = EventId.ForChange("contoso", "shop", "orders", customer, $"order-{i:D8}", 10_000 + i),
                Subject = $"order-{i:D8}",
                PartitionKey = customer,
                Topic = random.Next(4) == 0 ? "returns-cdc" : "orders-cdc",
                Lsn = 10_000 + i,
            };
        }

        return events;
    }
}

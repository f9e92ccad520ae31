using System.Buffers;
using System.Globalization;
using System.Text.Json;
using ChangeFeed.Configuration;
using ChangeFeed.Routing;

namespace ChangeFeed.Benchmarks;

/// <summary>
/// Order documents as the change feed delivers them (UTF-8 JSON, Cosmos DB system properties included), grown to a
/// target size by adding order lines. Deterministic: the same arguments give the same bytes.
/// </summary>
public static class OrderDocuments
{
    private static readonly string[] Products = ["Trail running shoe", "Merino wool sock", "Rain shell jacket", "Insulated bottle", "Headlamp 400 lm"];
    private static readonly string[] Colours = ["graphite", "ocean", "ember", "moss", "sand"];

    /// <summary>An order of at least <paramref name="targetBytes"/> bytes (one line more than needed at most).</summary>
    public static byte[] Create(int targetBytes, int number = 1, long lsn = 4_711)
    {
        for (var lines = 1; ; lines++)
        {
            var document = Write(lines, number, lsn);
            if (document.Length >= targetBytes)
                return document;
            lines += Math.Max(0, (targetBytes - document.Length) / 260 - 1);
        }
    }

    /// <summary>The route the benchmarks use: CDC on <c>shop/orders</c>, keyed by customer, soft deletes, correlation id.</summary>
    public static Route Route(ContentMode mode) => Routing.Route.From("orders", new RouteOptions
    {
        Database = "shop",
        Container = "orders",
        Topic = "orders-cdc",
        PartitionKeyPath = "/customerId",
        EventType = "com.contoso.orders.order",
        SoftDeleteProperty = "isDeleted",
        CorrelationIdProperty = "correlationId",
        ContentMode = mode.ToString(),
    }, "contoso");

    private static byte[] Write(int lineCount, int number, long lsn)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            var id = $"order-{number:D8}";
            json.WriteStartObject();
            json.WriteString("id", id);
            json.WriteString("customerId", $"customer-{number % 997:D5}");
            json.WriteString("type", "order");
            json.WriteString("status", "confirmed");
            json.WriteString("orderDate", new DateTimeOffset(2025, 11, 24, 9, 30, 0, TimeSpan.Zero).AddMinutes(number));
            json.WriteString("currency", "EUR");
            json.WriteString("correlationId", $"checkout-{number:D8}");
            Address(json, "shippingAddress", number);
            Address(json, "billingAddress", number);
            json.WriteStartArray("lines");
            decimal total = 0;
            for (var i = 0; i < lineCount; i++)
            {
                var quantity = 1 + (i * 7 + number) % 4;
                var price = 9.95m + (i * 13 + number) % 120;
                total += quantity * price;
                json.WriteStartObject();
                json.WriteNumber("lineNumber", i + 1);
                json.WriteString("sku", $"SKU-{(i * 31 + number) % 100_000:D6}");
                json.WriteString("productName", Products[i % Products.Length]);
                json.WriteString("description", $"{Products[i % Products.Length]}, {Colours[i % Colours.Length]}, size {38 + i % 10}");
                json.WriteNumber("quantity", quantity);
                json.WriteNumber("unitPrice", price);
                json.WriteNumber("discount", i % 5 == 0 ? 0.1m : 0m);
                json.WriteNumber("taxRate", 0.21m);
                json.WriteStartObject("attributes");
                json.WriteString("colour", Colours[i % Colours.Length]);
                json.WriteString("size", (38 + i % 10).ToString(CultureInfo.InvariantCulture));
                json.WriteBoolean("giftWrap", i % 3 == 0);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteNumber("total", total);
            json.WriteBoolean("isDeleted", false);
            json.WriteString("_rid", "Zl8tAKAL5O0BAAAAAAAAAA==");
            json.WriteString("_self", "dbs/Zl8tAA==/colls/Zl8tAKAL5O0=/docs/Zl8tAKAL5O0BAAAAAAAAAA==/");
            json.WriteString("_etag", "\"0d00c5a6-0000-0d00-0000-674301d80000\"");
            json.WriteString("_attachments", "attachments/");
            json.WriteNumber("_ts", 1_764_000_000 + number);
            json.WriteNumber("_lsn", lsn);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void Address(Utf8JsonWriter json, string name, int number)
    {
        json.WriteStartObject(name);
        json.WriteString("name", $"Customer {number % 997}");
        json.WriteString("street", $"{number % 200 + 1} Keizersgracht");
        json.WriteString("city", "Amsterdam");
        json.WriteString("postalCode", "1015 CJ");
        json.WriteString("country", "NL");
        json.WriteEndObject();
    }
}

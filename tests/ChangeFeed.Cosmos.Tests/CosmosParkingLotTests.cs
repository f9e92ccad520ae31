using System.Net;
using System.Text.Json.Nodes;
using ChangeFeed.Cosmos.Parking;
using ChangeFeed.Parking;

namespace ChangeFeed.Cosmos.Tests;

public sealed class CosmosParkingLotTests
{
    private static readonly DateTimeOffset ParkedAt = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static ParkedChange Change(string id = "3f8a6c1e-0000-8000-8000-000000000001", string reason = "the type property 'type' is missing") =>
        new(id, "orders", "shop/orders", "order-1", "customer-1", 42, "event-1", reason,
            """{"id":"order-1","customerId":"customer-1","_lsn":42}""", ParkedAt);

    [Fact]
    public async Task parked_change_is_stored_under_its_id_in_the_source_container_partition_with_every_field()
    {
        var parked = new InMemoryParkedContainer();
        var lot = new CosmosParkingLot(parked.Container, new CosmosParkingLotOptions { Database = "shop" });

        await lot.ParkAsync([Change()], CancellationToken.None);

        var item = parked.Item("3f8a6c1e-0000-8000-8000-000000000001");
        Assert.Equal("shop/orders", (string?)item["sourceContainer"]);
        Assert.Equal("orders", (string?)item["route"]);
        Assert.Equal("order-1", (string?)item["documentId"]);
        Assert.Equal("customer-1", (string?)item["partitionKey"]);
        Assert.Equal(42, (long?)item["lsn"]);
        Assert.Equal("event-1", (string?)item["eventId"]);
        Assert.Equal("the type property 'type' is missing", (string?)item["reason"]);
        Assert.Equal(ParkedAt, (DateTimeOffset?)item["parkedAt"]);
        Assert.Equal(14 * 24 * 3600, (int?)item["ttl"]);
        // The original document is kept as JSON, not as an escaped string, so operators can query and fix it.
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"id":"order-1","customerId":"customer-1","_lsn":42}"""), item["document"]));
    }

    [Fact]
    public async Task a_document_too_large_for_a_cosmos_item_is_left_out_and_the_reason_says_where_to_find_it()
    {
        var parked = new InMemoryParkedContainer();
        var lot = new CosmosParkingLot(parked.Container, new CosmosParkingLotOptions { Database = "shop" });
        var huge = $$"""{"id":"order-1","customerId":"customer-1","blob":"{{new string('x', ParkedChangeRecord.MaxDocumentBytes)}}","_lsn":42}""";

        await lot.ParkAsync([Change() with { Document = huge, Reason = "too large for Service Bus" }], CancellationToken.None);

        var item = parked.Item("3f8a6c1e-0000-8000-8000-000000000001");
        Assert.Null(item["document"]);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(huge), (int?)item["documentBytes"]);
        Assert.StartsWith("too large for Service Bus (the document, ", (string?)item["reason"], StringComparison.Ordinal);
        Assert.EndsWith("is too large to keep in the parking lot: read it from shop/orders by id 'order-1')", (string?)item["reason"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_document_with_names_dotnet_cannot_read_is_kept_as_its_bytes()
    {
        // Parked because routing it threw: storing it must not throw too (decision 0023).
        var parked = new InMemoryParkedContainer();
        var lot = new CosmosParkingLot(parked.Container, new CosmosParkingLotOptions { Database = "shop" });
        const string odd = """{"id":"order-1","\ud800":{"\udc00":"\ud800"},"a\"b":"\u00e9","_lsn":42}""";

        await lot.ParkAsync([Change() with { Document = odd }], CancellationToken.None);

        Assert.Contains("\"document\":" + odd + ",", parked.Body("3f8a6c1e-0000-8000-8000-000000000001"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ttl_is_the_configured_time_to_live_in_seconds()
    {
        var parked = new InMemoryParkedContainer();
        var lot = new CosmosParkingLot(parked.Container, new CosmosParkingLotOptions { Database = "shop", TimeToLive = TimeSpan.FromHours(2) });

        await lot.ParkAsync([Change()], CancellationToken.None);

        Assert.Equal(7200, (int?)parked.Items.Single()["ttl"]);
    }

    [Fact]
    public async Task parking_the_same_change_again_replaces_its_record_instead_of_adding_one()
    {
        var parked = new InMemoryParkedContainer();
        var lot = new CosmosParkingLot(parked.Container, new CosmosParkingLotOptions { Database = "shop" });

        await lot.ParkAsync([Change()], CancellationToken.None);
        await lot.ParkAsync([Change(reason: "still broken")], CancellationToken.None);
        await lot.ParkAsync([Change(id: "another-change")], CancellationToken.None);

        Assert.Equal(2, parked.Count);
        Assert.Equal("still broken", (string?)parked.Item("3f8a6c1e-0000-8000-8000-000000000001")["reason"]);
    }

    [Fact]
    public async Task a_failed_write_throws_so_the_change_feed_does_not_checkpoint()
    {
        var parked = new InMemoryParkedContainer { FailUpsertsWith = HttpStatusCode.ServiceUnavailable };
        var lot = new CosmosParkingLot(parked.Container, new CosmosParkingLotOptions { Database = "shop" });

        var failure = await Assert.ThrowsAsync<CosmosParkingException>(() => lot.ParkAsync([Change()], CancellationToken.None));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failure.StatusCode);
        Assert.Contains("3f8a6c1e-0000-8000-8000-000000000001", failure.Message, StringComparison.Ordinal);
    }
}

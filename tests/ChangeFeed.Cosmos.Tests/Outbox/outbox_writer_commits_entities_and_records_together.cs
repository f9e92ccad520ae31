using System.Diagnostics;
using System.Net;
using System.Text.Json;
using ChangeFeed.Cosmos.Outbox;
using ChangeFeed.StandIns.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Time.Testing;

namespace ChangeFeed.Cosmos.Tests.Outbox;

/// <summary>
/// The writer through the real SDK against Cosmos DB (the stand-in, or the account in <c>CHANGEFEED_E2E_COSMOS</c>):
/// what it commits, in what shape, and what a refused batch leaves behind (nothing).
/// </summary>
public sealed class outbox_writer_commits_entities_and_records_together(OutboxAccount account) : IClassFixture<OutboxAccount>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 19, 51, 10, TimeSpan.Zero);

    private sealed record Order(string Id, string CustomerId, string Status, decimal Total);

    [Fact]
    public async Task The_entity_and_its_outbox_record_are_stored_in_the_shape_the_relay_reads()
    {
        var customer = OutboxAccount.NewPartitionKey();

        var result = await account.Writer(new FakeTimeProvider(Now)).SaveAsync(
            customer,
            [EntityOperation.Create(new Order("order-7", customer, "placed", 99.5m))],
            [new OutboxEvent("com.contoso.orders.OrderPlaced", "order", "order-7", new { orderId = "order-7", total = 99.5m }) { CorrelationId = "req-1", CausationId = "cmd-1" }],
            CancellationToken.None);

        var stored = await account.DocumentsAsync(customer);
        Assert.Equal(2, stored.Count);
        Assert.Equal("placed", stored["order-7"].GetProperty("status").GetString());
        Assert.Equal(stored["order-7"].GetProperty("_etag").GetString(), Assert.Single(result.EntityETags));
        var record = stored[Assert.Single(result.EventIds)];
        Assert.Equal("outbox", record.GetProperty("kind").GetString());
        Assert.Equal(1, record.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(customer, record.GetProperty("partitionKey").GetString());
        Assert.Equal(customer, record.GetProperty("customerId").GetString());
        Assert.Equal("order", record.GetProperty("aggregateType").GetString());
        Assert.Equal("order-7", record.GetProperty("aggregateId").GetString());
        Assert.Equal("com.contoso.orders.OrderPlaced", record.GetProperty("type").GetString());
        Assert.Equal(99.5m, record.GetProperty("data").GetProperty("total").GetDecimal());
        Assert.Equal(Now, record.GetProperty("occurredAt").GetDateTimeOffset());
        Assert.Equal("req-1", record.GetProperty("correlationId").GetString());
        Assert.Equal("cmd-1", record.GetProperty("causationId").GetString());
        Assert.Equal(604800, record.GetProperty("ttl").GetInt32());
        Assert.True(result.RequestCharge > 0);
    }

    [Fact]
    public async Task Event_ids_are_uuid_v7_and_the_change_feed_delivers_the_records_in_the_order_of_the_events()
    {
        var customer = OutboxAccount.NewPartitionKey();
        var changes = await account.ChangesFromNowAsync(customer);
        var events = Enumerable.Range(0, 5).Select(i => new OutboxEvent("com.contoso.orders.Step", "order", "order-7", new { step = i })).ToArray();

        var result = await account.Writer(new FakeTimeProvider(Now)).SaveAsync(customer, [EntityOperation.Upsert(new Order("order-7", customer, "placed", 1m))], events, CancellationToken.None);

        Assert.Equal(5, result.EventIds.Distinct().Count());
        Assert.All(result.EventIds, id => Assert.Equal(7, Guid.Parse(id).Version));
        Assert.All(result.EventIds, id => Assert.StartsWith(Guid.CreateVersion7(Now).ToString()[..13], id, StringComparison.Ordinal));
        var page = await changes.ReadPageAsync(); // page size 1, yet the whole batch: a page never splits one
        Assert.Equal(["order-7", .. result.EventIds], page.Select(d => d.GetProperty("id").GetString()));
        Assert.Equal([0, 1, 2, 3, 4], page.Skip(1).Select(d => d.GetProperty("data").GetProperty("step").GetInt32()));
    }

    [Fact]
    public async Task Event_data_nested_as_deep_as_Cosmos_DB_allows_is_written_as_given()
    {
        // 127 levels in the data, 128 below the record that carries it: the service's limit, beyond System.Text.Json's default 64.
        var customer = OutboxAccount.NewPartitionKey();
        var data = new System.Text.Json.Nodes.JsonObject { ["level"] = 127 };
        for (var level = 126; level >= 1; level--)
            data = new System.Text.Json.Nodes.JsonObject { ["level"] = level, ["inner"] = data };

        var result = await account.Writer(new FakeTimeProvider(Now)).SaveAsync(
            customer, [], [new OutboxEvent("com.contoso.orders.Deep", "order", "order-9", data)], CancellationToken.None);

        var stored = (await account.DocumentsAsync(customer))[Assert.Single(result.EventIds)].GetProperty("data");
        var depth = 1;
        for (; stored.TryGetProperty("inner", out var inner); depth++)
            stored = inner;
        Assert.Equal(127, depth);
        Assert.Equal(127, stored.GetProperty("level").GetInt32());
    }

    [Fact]
    public async Task Every_entity_operation_kind_is_applied_with_its_concurrency_check()
    {
        var customer = OutboxAccount.NewPartitionKey();
        var writer = account.Writer();
        var before = await writer.SaveAsync(
            customer,
            [
                EntityOperation.Create(new Order("order-7", customer, "placed", 1m)),
                EntityOperation.Create(new Order("order-8", customer, "placed", 2m)),
                EntityOperation.Create(new Order("order-9", customer, "placed", 3m)),
            ],
            [new OutboxEvent("com.contoso.orders.OrdersImported", "customer", customer, null)],
            CancellationToken.None);

        var after = await writer.SaveAsync(
            customer,
            [
                EntityOperation.Replace(new Order("order-7", customer, "shipped", 1m), ifMatchEtag: before.EntityETags[0]),
                EntityOperation.PatchItem("order-8", [PatchOperation.Set("/status", "cancelled")], ifMatchEtag: before.EntityETags[1]),
                EntityOperation.Delete("order-9", ifMatchEtag: before.EntityETags[2]),
                EntityOperation.Upsert(new Order("order-10", customer, "placed", 4m)),
            ],
            [new OutboxEvent("com.contoso.orders.OrdersChanged", "customer", customer, null)],
            CancellationToken.None);

        var stored = await account.DocumentsAsync(customer);
        Assert.Equal("shipped", stored["order-7"].GetProperty("status").GetString());
        Assert.Equal("cancelled", stored["order-8"].GetProperty("status").GetString());
        Assert.False(stored.ContainsKey("order-9"));
        Assert.Equal("placed", stored["order-10"].GetProperty("status").GetString());
        Assert.Equal([stored["order-7"].GetProperty("_etag").GetString(), stored["order-8"].GetProperty("_etag").GetString(), null, stored["order-10"].GetProperty("_etag").GetString()], after.EntityETags);
    }

    [Fact]
    public async Task The_current_trace_context_is_recorded_with_the_event()
    {
        var customer = OutboxAccount.NewPartitionKey();
        using var activity = new Activity("place-order").SetIdFormat(ActivityIdFormat.W3C).Start();

        var result = await account.Writer().SaveAsync(customer, [], [new OutboxEvent("t", "order", "o", 1)], CancellationToken.None);

        Assert.Equal(activity.Id, (await account.DocumentsAsync(customer))[result.EventIds[0]].GetProperty("traceparent").GetString());
    }

    [Fact]
    public async Task A_conflicting_entity_refuses_the_batch_naming_the_operation_and_writes_neither_it_nor_the_event()
    {
        var customer = OutboxAccount.NewPartitionKey();
        var writer = account.Writer();
        await writer.SaveAsync(customer, [EntityOperation.Create(new Order("order-7", customer, "placed", 1m))], [new OutboxEvent("t", "order", "order-7", 1)], CancellationToken.None);
        var changes = await account.ChangesFromNowAsync(customer);

        var error = await Assert.ThrowsAsync<OutboxWriteException>(() => writer.SaveAsync(
            customer,
            [EntityOperation.Upsert(new Order("order-8", customer, "placed", 2m)), EntityOperation.Create(new Order("order-7", customer, "placed", 9m))],
            [new OutboxEvent("com.contoso.orders.OrderPlaced", "order", "order-7", null)],
            CancellationToken.None));

        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Equal(1, error.FailedOperation);
        Assert.Contains("operation 1 (Create of entity 'order-7') failed with 409 Conflict", error.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was written", error.Message, StringComparison.Ordinal);
        var stored = await account.DocumentsAsync(customer);
        Assert.Equal(2, stored.Count); // order-7 and its first record only
        Assert.Equal(1m, stored["order-7"].GetProperty("total").GetDecimal());
        Assert.Empty(await changes.ReadPageAsync());
    }

    [Fact]
    public async Task A_stale_etag_refuses_the_entity_change_and_its_event()
    {
        var customer = OutboxAccount.NewPartitionKey();
        var writer = account.Writer();
        var placed = await writer.SaveAsync(customer, [EntityOperation.Create(new Order("order-7", customer, "placed", 1m))], [new OutboxEvent("t", "order", "order-7", 1)], CancellationToken.None);
        await account.Container.PatchItemAsync<Order>("order-7", new PartitionKey(customer), [PatchOperation.Set("/total", 2m)]); // a concurrent change

        var error = await Assert.ThrowsAsync<OutboxWriteException>(() => writer.SaveAsync(
            customer,
            [EntityOperation.Replace(new Order("order-7", customer, "shipped", 1m), placed.EntityETags[0])],
            [new OutboxEvent("com.contoso.orders.OrderShipped", "order", "order-7", null)],
            CancellationToken.None));

        Assert.Equal(HttpStatusCode.PreconditionFailed, error.StatusCode);
        Assert.Equal(0, error.FailedOperation);
        var stored = await account.DocumentsAsync(customer);
        Assert.Equal("placed", stored["order-7"].GetProperty("status").GetString());
        Assert.DoesNotContain(stored.Values, d => d.TryGetProperty("type", out var type) && type.GetString() == "com.contoso.orders.OrderShipped");
    }

    [Fact]
    public async Task A_batch_Cosmos_DB_refuses_after_the_writers_checks_is_reported_as_nothing_written()
    {
        var customer = OutboxAccount.NewPartitionKey();
        var writer = account.Writer();
        await writer.SaveAsync(customer, [EntityOperation.Create(new Order("order-7", customer, "placed", 1m))], [new OutboxEvent("t", "order", "order-7", 1)], CancellationToken.None);
        var elevenChanges = Enumerable.Range(0, 11).Select(i => PatchOperation.Set($"/p{i}", i)).ToList(); // Cosmos DB allows 10 per patch

        var error = await Assert.ThrowsAsync<OutboxWriteException>(() => writer.SaveAsync(
            customer, [EntityOperation.PatchItem("order-7", elevenChanges)], [new OutboxEvent("t", "order", "order-7", 2)], CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal(0, error.FailedOperation);
        Assert.Equal(2, (await account.DocumentsAsync(customer)).Count);
    }
}

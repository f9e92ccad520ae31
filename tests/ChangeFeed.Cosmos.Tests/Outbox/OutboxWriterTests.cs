using System.Diagnostics;
using System.Net;
using System.Text.Json;
using ChangeFeed.Cosmos.Outbox;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace ChangeFeed.Cosmos.Tests.Outbox;

public class OutboxWriterTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 19, 51, 10, TimeSpan.Zero);

    private readonly List<RecordingBatch> batches = [];
    private readonly Container container = Substitute.For<Container>();

    public OutboxWriterTests() =>
        container.CreateTransactionalBatch(Arg.Any<PartitionKey>()).Returns(call =>
        {
            var batch = new RecordingBatch(call.Arg<PartitionKey>());
            batches.Add(batch);
            return batch;
        });

    private OutboxWriter Writer(string partitionKeyPath = "/customerId") =>
        new(container, new OutboxWriterOptions { PartitionKeyPath = partitionKeyPath }, new FakeTimeProvider(Now));

    private sealed record Order(string Id, string CustomerId, string Status, decimal Total);

    [Fact]
    public async Task Entities_and_outbox_records_go_in_one_batch_on_one_partition_key_in_order()
    {
        var order = new Order("order-7", "customer-42", "placed", 99.5m);

        var result = await Writer().SaveAsync(
            "customer-42",
            [EntityOperation.Create(order)],
            [new OutboxEvent("com.contoso.orders.OrderPlaced", "order", "order-7", new { orderId = "order-7", total = 99.5m }) { CorrelationId = "req-1" }],
            CancellationToken.None);

        var batch = Assert.Single(batches);
        Assert.Equal(new PartitionKey("customer-42"), batch.PartitionKey);
        Assert.Equal(1, batch.Executions);
        Assert.Equal(["Create", "Create"], batch.Operations.Select(o => o.Kind));
        Assert.Equal("order-7", batch.Operations[0].Id);
        Assert.Equal("placed", batch.Operations[0].Body!.Value.GetProperty("status").GetString());

        var record = batch.Operations[1].Body!.Value;
        Assert.Equal(result.EventIds[0], record.GetProperty("id").GetString());
        Assert.Equal("outbox", record.GetProperty("kind").GetString());
        Assert.Equal(1, record.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("customer-42", record.GetProperty("partitionKey").GetString());
        Assert.Equal("customer-42", record.GetProperty("customerId").GetString());
        Assert.Equal("order", record.GetProperty("aggregateType").GetString());
        Assert.Equal("order-7", record.GetProperty("aggregateId").GetString());
        Assert.Equal("com.contoso.orders.OrderPlaced", record.GetProperty("type").GetString());
        Assert.Equal(99.5m, record.GetProperty("data").GetProperty("total").GetDecimal());
        Assert.Equal(Now, record.GetProperty("occurredAt").GetDateTimeOffset());
        Assert.Equal("req-1", record.GetProperty("correlationId").GetString());
        Assert.Equal(604800, record.GetProperty("ttl").GetInt32());
        Assert.Equal(12.5, result.RequestCharge);
    }

    [Fact]
    public async Task Event_ids_are_unique_time_ordered_uuid_v7()
    {
        var events = Enumerable.Range(0, 5).Select(i => new OutboxEvent("t", "order", $"order-{i}", i)).ToArray();

        var result = await Writer().SaveAsync("customer-42", [], events, CancellationToken.None);

        Assert.Equal(5, result.EventIds.Distinct().Count());
        Assert.All(result.EventIds, id => Assert.Equal(7, Guid.Parse(id).Version));
        Assert.All(result.EventIds, id => Assert.StartsWith(Guid.CreateVersion7(Now).ToString()[..13], id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_entity_operation_kind_is_added_with_its_concurrency_check()
    {
        var order = new Order("order-7", "customer-42", "shipped", 99.5m);

        await Writer().SaveAsync(
            "customer-42",
            [
                EntityOperation.Upsert(order),
                EntityOperation.Replace(order, ifMatchEtag: "\"etag-1\""),
                EntityOperation.PatchItem("order-8", [PatchOperation.Set("/status", "shipped")], ifMatchEtag: "\"etag-2\""),
                EntityOperation.Delete("order-9"),
            ],
            [new OutboxEvent("com.contoso.orders.OrderShipped", "order", "order-7", null)],
            CancellationToken.None);

        var operations = Assert.Single(batches).Operations;
        Assert.Equal(["Upsert", "Replace", "Patch", "Delete", "Create"], operations.Select(o => o.Kind));
        Assert.Equal(["order-7", "order-7", "order-8", "order-9"], operations.Take(4).Select(o => o.Id));
        Assert.Equal([null, "\"etag-1\"", "\"etag-2\"", null, null], operations.Select(o => o.IfMatch));
        Assert.Equal(JsonValueKind.Null, operations[4].Body!.Value.GetProperty("data").ValueKind);
    }

    [Fact]
    public async Task The_current_trace_context_is_recorded_with_the_event()
    {
        using var activity = new Activity("place-order").SetIdFormat(ActivityIdFormat.W3C).Start();

        await Writer().SaveAsync("customer-42", [], [new OutboxEvent("t", "order", "o", 1)], CancellationToken.None);

        Assert.Equal(activity.Id, Assert.Single(batches).Operations[0].Body!.Value.GetProperty("traceparent").GetString());
    }

    [Fact]
    public async Task A_failed_batch_throws_with_the_failing_operation_and_reports_nothing_written()
    {
        container.CreateTransactionalBatch(Arg.Any<PartitionKey>()).Returns(call =>
        {
            var batch = new RecordingBatch(call.Arg<PartitionKey>()) { FailAt = (0, HttpStatusCode.Conflict) };
            batches.Add(batch);
            return batch;
        });

        var error = await Assert.ThrowsAsync<OutboxWriteException>(() => Writer().SaveAsync(
            "customer-42",
            [EntityOperation.Create(new Order("order-7", "customer-42", "placed", 1m))],
            [new OutboxEvent("com.contoso.orders.OrderPlaced", "order", "order-7", null)],
            CancellationToken.None));

        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Equal(0, error.FailedOperation);
        Assert.Contains("operation 0 (Create of entity 'order-7') failed with 409 Conflict", error.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was written", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_entity_on_another_partition_key_is_refused_before_anything_is_sent()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Writer().SaveAsync(
            "customer-42",
            [EntityOperation.Upsert(new Order("order-7", "customer-1", "placed", 1m))],
            [new OutboxEvent("t", "order", "order-7", null)],
            CancellationToken.None));

        Assert.StartsWith("Entity 'order-7' has customerId = \"customer-1\", but the batch is for partition key \"customer-42\"", error.Message, StringComparison.Ordinal);
        Assert.Empty(batches);
    }

    [Fact]
    public async Task More_than_100_operations_are_refused_before_anything_is_sent()
    {
        var events = Enumerable.Range(0, 101).Select(i => new OutboxEvent("t", "order", "o", i)).ToArray();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Writer().SaveAsync("customer-42", [], events, CancellationToken.None));

        Assert.StartsWith("0 entity operations and 101 events make 101 operations; a transactional batch allows 100.", error.Message, StringComparison.Ordinal);
        Assert.Empty(batches);
    }

    [Fact]
    public async Task A_batch_over_2_MB_is_refused_before_anything_is_sent()
    {
        var events = Enumerable.Range(0, 3).Select(i => new OutboxEvent("t", "order", "o", new string('x', 800_000))).ToArray();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Writer().SaveAsync("customer-42", [], events, CancellationToken.None));

        Assert.Contains("a transactional batch allows 2097152", error.Message, StringComparison.Ordinal);
        Assert.Empty(batches);
    }

    [Fact]
    public async Task Data_that_cannot_be_serialised_is_refused_naming_the_event()
    {
        var cyclic = new Dictionary<string, object>();
        cyclic["self"] = cyclic;

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Writer().SaveAsync(
            "customer-42", [], [new OutboxEvent("com.contoso.Broken", "order", "o", cyclic)], CancellationToken.None));

        Assert.StartsWith("Event 0 (com.contoso.Broken) cannot be serialised to JSON", error.Message, StringComparison.Ordinal);
        Assert.Empty(batches);
    }

    [Theory]
    [InlineData("", "order", "o")]
    [InlineData("t", " ", "o")]
    [InlineData("t", "order", "")]
    public async Task An_event_without_type_or_aggregate_is_refused(string type, string aggregateType, string aggregateId)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Writer().SaveAsync(
            "customer-42", [], [new OutboxEvent(type, aggregateType, aggregateId, null)], CancellationToken.None));

        Assert.Contains("needs a type, an aggregate type and an aggregate id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saving_without_an_event_is_refused()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Writer().SaveAsync(
            "customer-42", [EntityOperation.Delete("order-7")], [], CancellationToken.None));

        Assert.StartsWith("At least one event is required", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("customerId")]
    [InlineData("/a/b")]
    [InlineData("/a,/b")]
    public void A_partition_key_path_the_writer_cannot_fill_is_refused_at_construction(string path)
    {
        var error = Assert.Throws<ArgumentException>(() => Writer(path));

        Assert.Contains($"PartitionKeyPath '{path}' must be one top-level path", error.Message, StringComparison.Ordinal);
    }
}

using ChangeFeed.Cosmos.Outbox;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace ChangeFeed.Cosmos.Tests.Outbox;

/// <summary>
/// What the writer refuses before it sends anything (so a substitute container that must not be called is enough);
/// what it sends and what Cosmos DB answers is proved on the wire in <see cref="outbox_writer_commits_entities_and_records_together"/>.
/// </summary>
public class outbox_writer_refuses_what_cannot_succeed_before_sending
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 19, 51, 10, TimeSpan.Zero);

    private readonly Container container = Substitute.For<Container>();

    private void NothingSent() => container.DidNotReceive().CreateTransactionalBatch(Arg.Any<PartitionKey>());

    private OutboxWriter Writer(string partitionKeyPath = "/customerId") =>
        new(container, new OutboxWriterOptions { PartitionKeyPath = partitionKeyPath }, new FakeTimeProvider(Now));

    private sealed record Order(string Id, string CustomerId, string Status, decimal Total);

    [Fact]
    public async Task An_entity_on_another_partition_key_is_refused_before_anything_is_sent()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Writer().SaveAsync(
            "customer-42",
            [EntityOperation.Upsert(new Order("order-7", "customer-1", "placed", 1m))],
            [new OutboxEvent("t", "order", "order-7", null)],
            CancellationToken.None));

        Assert.StartsWith("Entity 'order-7' has customerId = \"customer-1\", but the batch is for partition key \"customer-42\"", error.Message, StringComparison.Ordinal);
        NothingSent();
    }

    [Fact]
    public async Task More_than_100_operations_are_refused_before_anything_is_sent()
    {
        var events = Enumerable.Range(0, 101).Select(i => new OutboxEvent("t", "order", "o", i)).ToArray();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Writer().SaveAsync("customer-42", [], events, CancellationToken.None));

        Assert.StartsWith("0 entity operations and 101 events make 101 operations; a transactional batch allows 100.", error.Message, StringComparison.Ordinal);
        NothingSent();
    }

    [Fact]
    public async Task A_batch_over_2_MB_is_refused_before_anything_is_sent()
    {
        var events = Enumerable.Range(0, 3).Select(i => new OutboxEvent("t", "order", "o", new string('x', 800_000))).ToArray();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Writer().SaveAsync("customer-42", [], events, CancellationToken.None));

        Assert.Contains("a transactional batch allows 2097152", error.Message, StringComparison.Ordinal);
        NothingSent();
    }

    [Fact]
    public async Task Data_that_cannot_be_serialised_is_refused_naming_the_event()
    {
        var cyclic = new Dictionary<string, object>();
        cyclic["self"] = cyclic;

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Writer().SaveAsync(
            "customer-42", [], [new OutboxEvent("com.contoso.Broken", "order", "o", cyclic)], CancellationToken.None));

        Assert.StartsWith("Event 0 (com.contoso.Broken) cannot be serialised to JSON", error.Message, StringComparison.Ordinal);
        NothingSent();
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
        NothingSent();
    }

    [Fact]
    public async Task Saving_without_an_event_is_refused()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Writer().SaveAsync(
            "customer-42", [EntityOperation.Delete("order-7")], [], CancellationToken.None));

        Assert.StartsWith("At least one event is required", error.Message, StringComparison.Ordinal);
        NothingSent();
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

using System.Text.Json;
using ChangeFeed.Core.Tests;
using ChangeFeed.Envelope;
using FsCheck;
using FsCheck.Xunit;

namespace ChangeFeed.ServiceBus.Tests;

public class RelayTests
{
    [Property(MaxTest = 50)]
    public bool Every_change_is_published_exactly_once_in_change_feed_order_per_session(PositiveInt count, PositiveInt keys)
    {
        var harness = new RelayHarness(batchLimit: 16 * 1024);
        try
        {
            var changes = Enumerable.Range(0, Math.Min(count.Get, 400))
                .Select(i => Changes.Document(id: $"order-{i % 13}", customerId: $"c-{i % Math.Min(keys.Get, 10)}", lsn: 1000 + i))
                .ToArray();

            var result = harness.ProcessAsync(changes).GetAwaiter().GetResult();

            var sent = harness.Client.Sent.Select(s => s.Message).ToList();
            var lsnOf = changes.ToDictionary(c => IdOf(c), c => c.GetProperty("_lsn").GetInt64());
            var orderedPerSession = sent.GroupBy(m => m.SessionId).All(g => g.Select(m => lsnOf[m.MessageId]).Zip(g.Select(m => lsnOf[m.MessageId]).Skip(1)).All(p => p.First < p.Second));
            return result.Published == changes.Length
                && sent.Count == changes.Length
                && sent.Select(m => m.MessageId).Distinct().Count() == changes.Length
                && orderedPerSession
                && result.Parked.Count == 0;
        }
        finally
        {
            harness.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    [Fact]
    public async Task A_publish_failure_throws_parks_nothing_and_reports_nothing()
    {
        await using var harness = new RelayHarness();
        harness.Client.FailingSends = 1;

        await Assert.ThrowsAsync<PublishFailedException>(() => harness.ProcessAsync(Changes.Document(), Changes.Parse("[]")));

        Assert.Empty(harness.ParkingLot.Parked);
        Assert.Empty(harness.Client.Sent);
        Assert.Empty(harness.Published.GetMeasurementSnapshot());
        var failure = Assert.Single(harness.Failed.GetMeasurementSnapshot());
        Assert.Equal(1, failure.Value);
        Assert.Equal("orders", failure.Tags["changefeed.route"]);
    }

    [Fact]
    public async Task A_relay_stopped_by_cancellation_is_not_counted_as_failed_and_a_good_one_neither()
    {
        // The host is stopping: the send fails because of it, and that is not the relay failing.
        await using var harness = new RelayHarness();
        harness.Client.FailingSends = 1;
        using var stopped = new CancellationTokenSource();
        await stopped.CancelAsync();

        await Assert.ThrowsAsync<PublishFailedException>(() => harness.Relay.ProcessAsync([Changes.Document()], "orders", stopped.Token));
        await harness.ProcessAsync(Changes.Document(id: "o-2", lsn: 2));

        Assert.Empty(harness.Failed.GetMeasurementSnapshot());
        Assert.Single(harness.Client.Sent);
    }

    [Fact]
    public async Task A_batch_retried_after_a_failure_publishes_the_same_message_ids()
    {
        await using var harness = new RelayHarness(batchLimit: 2048);
        var changes = Enumerable.Range(0, 20).Select(i => Changes.Document(id: $"o-{i}", lsn: i)).ToArray();
        await harness.ProcessAsync(changes);
        var first = harness.Client.Sent.Select(s => s.Message.MessageId).ToList();
        harness.Client.Sent.Clear();

        await harness.ProcessAsync(changes);

        Assert.Equal(first, harness.Client.Sent.Select(s => s.Message.MessageId));
    }

    [Fact]
    public async Task Bad_documents_are_parked_with_their_reasons_and_the_rest_are_published()
    {
        await using var harness = new RelayHarness();
        var good1 = Changes.Document(id: "good-1", lsn: 1);
        var noId = Changes.Parse("""{"customerId":"c","_lsn":2,"_ts":1}""");
        var noKey = Changes.Parse("""{"id":"no-key","_lsn":3,"_ts":1}""");
        var array = Changes.Parse("[1]");
        var good2 = Changes.Document(id: "good-2", lsn: 5);

        var result = await harness.ProcessAsync(good1, noId, noKey, array, good2);

        Assert.Equal(2, result.Published);
        Assert.Equal(["good-1", "good-2"], harness.Client.Sent.Select(s => s.Message.ApplicationProperties["cloudEvents_subject"]));
        Assert.Equal(3, result.Parked.Count);
        Assert.Equal(
            ["the document has no 'id' string property", "partition key '/customerId' is missing from the document", "the change is a JSON array, not a document object"],
            result.Parked.Select(p => p.Reason));
        Assert.Equal(result.Parked.Select(p => p.Id).Order(), harness.ParkingLot.Parked.Select(p => p.Id).Order());
        var parkedNoKey = result.Parked.Single(p => p.DocumentId == "no-key");
        Assert.Equal("orders", parkedNoKey.Route);
        Assert.Equal("shop/orders", parkedNoKey.SourceContainer);
        Assert.Equal(3, parkedNoKey.Lsn);
        Assert.Equal(noKey.GetRawText(), parkedNoKey.Document);
        Assert.Null(parkedNoKey.EventId);
    }

    [Fact]
    public async Task Parking_the_same_change_twice_keeps_one_record()
    {
        await using var harness = new RelayHarness();
        var poison = Changes.Parse("""{"id":"p","_lsn":3,"_ts":1}""");
        var nonObject = Changes.Parse("42");

        var first = await harness.ProcessAsync(poison, nonObject);
        var second = await harness.ProcessAsync(poison, nonObject);

        Assert.Equal(first.Parked.Select(p => p.Id), second.Parked.Select(p => p.Id));
        Assert.Equal(2, harness.ParkingLot.Parked.Count);
    }

    [Fact]
    public async Task An_oversized_document_is_parked_with_its_size_and_event_id_and_does_not_block_the_others()
    {
        await using var harness = new RelayHarness(batchLimit: 8 * 1024);
        var big = Changes.Document(id: "big", lsn: 2, edit: d => d["blob"] = new string('x', 20_000));

        var result = await harness.ProcessAsync(Changes.Document(id: "a", lsn: 1), big, Changes.Document(id: "b", lsn: 3));

        Assert.Equal(2, result.Published);
        var parked = Assert.Single(result.Parked);
        Assert.Equal("big", parked.DocumentId);
        Assert.Equal(EventId.ForChange("contoso", "shop", "orders", "customer-1", "big", 2), parked.EventId);
        Assert.Contains("do not fit in an empty batch of 8192 bytes", parked.Reason, StringComparison.Ordinal);
        Assert.Equal(big.GetRawText(), parked.Document);
        Assert.Equal(["a", "b"], harness.Client.Sent.Select(s => s.Message.ApplicationProperties["cloudEvents_subject"]));
    }

    [Fact]
    public async Task Published_and_parked_counts_are_recorded_on_the_ChangeFeed_meter()
    {
        await using var harness = new RelayHarness();

        await harness.ProcessAsync(Changes.Document(id: "a", lsn: 1), Changes.Document(id: "b", lsn: 2), Changes.Parse("[]"));

        Assert.Equal(2, harness.Published.LastMeasurement?.Value);
        Assert.Equal("orders", harness.Published.LastMeasurement?.Tags["changefeed.route"]);
        Assert.Equal(1, harness.Parked.LastMeasurement?.Value);
    }

    [Fact]
    public async Task An_empty_batch_sends_nothing()
    {
        await using var harness = new RelayHarness();

        var result = await harness.ProcessAsync();

        Assert.Equal((0, 0, 0, 0), (result.Changes, result.Published, result.Parked.Count, result.Batches));
        Assert.Empty(harness.Client.Senders);
    }

    private static string IdOf(JsonElement change) =>
        EventId.ForChange("contoso", "shop", "orders", change.GetProperty("customerId").GetString()!, change.GetProperty("id").GetString()!, change.GetProperty("_lsn").GetInt64());
}

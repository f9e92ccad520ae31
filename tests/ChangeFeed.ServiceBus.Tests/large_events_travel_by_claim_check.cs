using System.Text;
using System.Text.Json;
using ChangeFeed.Core.Tests;
using ChangeFeed.Envelope;
using ContentMode = ChangeFeed.Configuration.ContentMode;

namespace ChangeFeed.ServiceBus.Tests;

/// <summary>
/// An event too large for its topic: its data is stored first, then a message with its attributes, <c>dataref</c> and
/// no data takes its place in the order; a failed store fails the relay like a failed send; <c>park</c> parks it.
/// </summary>
public sealed class large_events_travel_by_claim_check
{
    private const long Limit = 8 * 1024;

    [Fact]
    public async Task its_data_is_stored_before_the_message_that_refers_to_it_is_sent_in_its_place()
    {
        var store = new MemoryClaimCheckStore();
        await using var harness = new RelayHarness(batchLimit: Limit, claimCheck: store);
        store.OnStore = e => Assert.DoesNotContain(harness.Client.Sent, s => s.Message.MessageId == e.Id);
        var big = Changes.Document(id: "big", lsn: 2, edit: d => d["blob"] = new string('x', 20_000));

        var result = await harness.ProcessAsync(Changes.Document(id: "a", lsn: 1), big, Changes.Document(id: "b", lsn: 3));

        Assert.Equal(3, result.Published);
        Assert.Empty(result.Parked);
        Assert.Equal(["a", "big", "b"], harness.Client.Sent.Select(s => s.Message.ApplicationProperties["cloudEvents_subject"]));
        var reference = harness.Client.Sent[1].Message;
        var dataRef = new Uri((string)reference.ApplicationProperties["cloudEvents_dataref"]);
        Assert.True(reference.Body.ToMemory().IsEmpty);
        Assert.Equal("application/json", reference.ContentType);
        Assert.Equal(EventId.ForChange("contoso", "shop", "orders", "customer-1", "big", 2), reference.MessageId);
        Assert.Equal("customer-1", reference.SessionId);
        Assert.Equal(Data(big), Encoding.UTF8.GetString(store.Stored[dataRef]));
        Assert.Equal(1, result.Batches);
    }

    [Fact]
    public async Task the_events_that_went_by_claim_check_are_counted_per_route_among_those_published()
    {
        var store = new MemoryClaimCheckStore();
        await using var harness = new RelayHarness(batchLimit: Limit, claimCheck: store);
        Func<string, long, JsonElement> big = (id, lsn) => Changes.Document(id: id, lsn: lsn, edit: d => d["blob"] = new string('x', 20_000));

        await harness.ProcessAsync(Changes.Document(id: "a", lsn: 1), big("big-1", 2), Changes.Document(id: "b", lsn: 3), big("big-2", 4));
        await harness.ProcessAsync(Changes.Document(id: "c", lsn: 5));

        var claimChecked = harness.ClaimChecked.GetMeasurementSnapshot();
        Assert.Equal(2, claimChecked.Sum(m => m.Value));
        Assert.Equal(store.Stored.Count, claimChecked.Sum(m => m.Value));
        Assert.Equal(harness.Client.Sent.Count(s => s.Message.ApplicationProperties.ContainsKey("cloudEvents_dataref")), claimChecked.Sum(m => m.Value));
        Assert.All(claimChecked, m => Assert.Equal("orders", m.Tags["changefeed.route"]));
        Assert.Equal(5, harness.Published.GetMeasurementSnapshot().Sum(m => m.Value));
    }

    [Theory]
    [InlineData(ContentMode.Binary)]
    [InlineData(ContentMode.Structured)]
    public async Task a_subscriber_decodes_it_to_the_data_that_was_stored(ContentMode mode)
    {
        var store = new MemoryClaimCheckStore();
        await using var harness = new RelayHarness(batchLimit: Limit, settings: s => s["ChangeFeed:Routes:orders:ContentMode"] = mode.ToString(), claimCheck: store);
        var big = Changes.Document(id: "big", lsn: 2, edit: d => d["blob"] = new string('é', 20_000));

        await harness.ProcessAsync(big);

        var message = Assert.Single(harness.Client.Sent).Message;
        var decoded = await new EnvelopeDecoder(store).DecodeAsync(Received.From(message), CancellationToken.None);
        Assert.Equal(Data(big), ((JsonElement)decoded.Data!).GetRawText());
        Assert.Equal(Assert.Single(store.Stored.Keys), decoded[CloudEventConversion.DataRefAttribute]);
        if (mode == ContentMode.Structured)
            Assert.False(JsonDocument.Parse(message.Body).RootElement.TryGetProperty("data", out _), "a structured claim check carries no data");
    }

    [Fact]
    public async Task a_failed_store_fails_the_relay_parks_nothing_and_the_retry_stores_the_same_event_again()
    {
        var store = new MemoryClaimCheckStore { FailingStores = 1 };
        await using var harness = new RelayHarness(batchLimit: Limit, claimCheck: store);
        var changes = new[] { Changes.Document(id: "a", lsn: 1), Changes.Document(id: "big", lsn: 2, edit: d => d["blob"] = new string('x', 20_000)), Changes.Document(id: "b", lsn: 3) };

        var failure = await Assert.ThrowsAsync<PublishFailedException>(() => harness.ProcessAsync(changes));
        var sentBeforeRetry = harness.Client.Sent.Count;
        var retry = await harness.ProcessAsync(changes);

        Assert.Contains("claim check store failed, so nothing was sent for it", failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, sentBeforeRetry);
        Assert.Empty(harness.ParkingLot.Parked);
        Assert.Single(harness.Failed.GetMeasurementSnapshot());
        Assert.Equal(3, retry.Published);
        var id = EventId.ForChange("contoso", "shop", "orders", "customer-1", "big", 2);
        Assert.Equal([id, id], store.Calls);
        Assert.Single(store.Stored);
    }

    [Fact]
    public async Task a_route_that_says_park_parks_it_and_stores_nothing()
    {
        var store = new MemoryClaimCheckStore();
        await using var harness = new RelayHarness(batchLimit: Limit, settings: s => s["ChangeFeed:Routes:orders:LargeEvents"] = "park", claimCheck: store);

        var result = await harness.ProcessAsync(Changes.Document(id: "big", lsn: 2, edit: d => d["blob"] = new string('x', 20_000)));

        Assert.Contains("its route's LargeEvents is park", Assert.Single(result.Parked).Reason, StringComparison.Ordinal);
        Assert.Empty(store.Calls);
        Assert.Empty(harness.Client.Sent);
    }

    [Fact]
    public async Task without_a_store_it_is_parked_with_that_reason()
    {
        await using var harness = new RelayHarness(batchLimit: Limit);

        var result = await harness.ProcessAsync(Changes.Document(id: "big", lsn: 2, edit: d => d["blob"] = new string('x', 20_000)));

        Assert.Contains("no claim check store is configured (docs/large-events.md)", Assert.Single(result.Parked).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task headers_too_large_even_for_a_claim_check_are_parked_saying_so()
    {
        var store = new MemoryClaimCheckStore();
        var publisher = new ServiceBusPublisher(new FakeServiceBusClient(Limit), new EnvelopeEncoder(), new ClaimCheck(new EnvelopeEncoder(), store));
        var integrationEvent = new IntegrationEvent("id-1", "urn:test", "t", "s", DateTimeOffset.UnixEpoch, Encoding.UTF8.GetBytes("\"x\""), "pk", "topic")
        {
            Properties = new Dictionary<string, string> { ["huge"] = new('h', 10_000) },
        };

        var result = await publisher.PublishAsync([integrationEvent], CancellationToken.None);

        Assert.Contains("even by claim check", Assert.Single(result.Rejected).Reason, StringComparison.Ordinal);
    }

    private static string Data(JsonElement document) =>
        JsonSerializer.Serialize(document.EnumerateObject().Where(p => p.Name is not ("_rid" or "_self" or "_etag" or "_attachments" or "_ts" or "_lsn"))
            .ToDictionary(p => p.Name, p => p.Value));
}

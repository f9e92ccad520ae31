using System.Text;

namespace ChangeFeed.ServiceBus.Tests;

/// <summary>
/// Decision 0023 on the documents that stopped a lease before: a top-level name with an unpaired surrogate escape is
/// data (relayed, byte for byte); an id no .NET string can hold makes routing throw, and that change is parked with the
/// exception as its reason and counted as failed, while the documents around it are relayed.
/// </summary>
public sealed class a_change_that_throws_is_parked_and_its_batch_goes_on
{
    private const string Before = """{"id":"before","customerId":"c-1","_ts":1764000000,"_lsn":1}""";
    private const string After = """{"id":"after","customerId":"c-1","_ts":1764000000,"_lsn":4}""";

    [Fact]
    public async Task an_unpaired_surrogate_in_a_top_level_name_is_relayed_between_its_neighbours()
    {
        await using var harness = new RelayHarness();
        const string odd = """{"id":"odd","\ud800":1,"customerId":"c-1","\udc00x":"\ud800","_ts":1764000000,"_lsn":2}""";

        var result = await RelayAsync(harness, odd);

        Assert.Empty(result.Parked);
        Assert.Equal(["before", "odd", "after"], harness.Client.Sent.Select(s => (string)s.Message.ApplicationProperties["cloudEvents_subject"]));
        Assert.Equal("""{"id":"odd","\ud800":1,"customerId":"c-1","\udc00x":"\ud800"}""", harness.Client.Sent[1].Message.Body.ToString());
        Assert.Empty(harness.Failed.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task a_change_whose_routing_throws_is_parked_with_the_exception_and_counted()
    {
        await using var harness = new RelayHarness();
        const string odd = """{"id":"\ud800","customerId":"c-1","_ts":1764000000,"_lsn":2}""";

        var result = await RelayAsync(harness, odd);

        Assert.Equal(["before", "after"], harness.Client.Sent.Select(s => (string)s.Message.ApplicationProperties["cloudEvents_subject"]));
        var parked = Assert.Single(result.Parked);
        Assert.StartsWith("routing the change threw System.InvalidOperationException: ", parked.Reason, StringComparison.Ordinal);
        Assert.Equal(odd, parked.Document);
        Assert.Equal(2, parked.Lsn);
        Assert.Single(harness.ParkingLot.Parked);
        var failed = Assert.Single(harness.Failed.GetMeasurementSnapshot());
        Assert.Equal("System.InvalidOperationException", failed.Tags["error.type"]);
        Assert.Equal(1, Assert.Single(harness.Parked.GetMeasurementSnapshot()).Value);
    }

    [Fact]
    public async Task an_event_whose_encoding_throws_is_rejected_to_be_parked_and_the_rest_is_sent()
    {
        // Structured mode embeds the data, which must then be one JSON value: these bytes are not.
        var client = new FakeServiceBusClient();
        await using var publisher = new ServiceBusPublisher(client, new EnvelopeEncoder());
        var broken = TestEvents.Event(1, "orders-cdc", "c-1", 10) with { Data = Encoding.UTF8.GetBytes("{\"unclosed\":"), ContentMode = Configuration.ContentMode.Structured };
        var fine = TestEvents.Event(2, "orders-cdc", "c-1", 10);

        var result = await publisher.PublishAsync([broken, fine], CancellationToken.None);

        Assert.Equal(1, result.Published);
        Assert.Equal("id-2", Assert.Single(client.Sent).Message.MessageId);
        var rejected = Assert.Single(result.Rejected);
        Assert.Same(broken, rejected.Event);
        Assert.StartsWith("encoding the change threw System.Text.Json.", rejected.Reason, StringComparison.Ordinal);
        Assert.StartsWith("System.Text.Json.", rejected.ErrorType, StringComparison.Ordinal);
    }

    private static Task<RelayResult> RelayAsync(RelayHarness harness, string odd) =>
        harness.Relay.ProcessAsync(harness.Reader.ReadBatch(Encoding.UTF8.GetBytes($"[{Before},{odd},{After}]"), "orders", "test"), "orders", CancellationToken.None);
}

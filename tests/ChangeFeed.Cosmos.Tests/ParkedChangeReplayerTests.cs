using System.Net;
using ChangeFeed.Cosmos.Parking;
using Microsoft.Azure.Cosmos;
using NSubstitute;

namespace ChangeFeed.Cosmos.Tests;

public sealed class ParkedChangeReplayerTests
{
    [Fact]
    public async Task a_poison_change_is_parked_in_cosmos_by_the_relay_and_the_rest_is_published()
    {
        var parked = new InMemoryParkedContainer();
        using var relay = new RelayFixture(parked);

        var result = await relay.Relay.ProcessAsync(
            [RelayFixture.Change("order-1", 10), RelayFixture.Change("order-2", 11, type: null), RelayFixture.Change("order-3", 12)],
            "orders", CancellationToken.None);

        Assert.Equal(["order-1", "order-3"], relay.Publisher.Published.Select(e => e.Subject));
        var record = Assert.Single(parked.Items);
        Assert.Equal(Assert.Single(result.Parked).Id, (string?)record["id"]);
        Assert.Equal("order-2", (string?)record["documentId"]);
        Assert.Equal(11, (long?)record["lsn"]);
    }

    [Fact]
    public async Task replay_deletes_the_records_whose_changes_now_publish_and_keeps_those_still_poison()
    {
        var parked = new InMemoryParkedContainer();
        using var relay = new RelayFixture(parked);
        await relay.Relay.ProcessAsync(
            [RelayFixture.Change("order-1", 10, type: null), RelayFixture.Change("order-2", 11, type: null), RelayFixture.Change("order-3", 12, type: null)],
            "orders", CancellationToken.None);
        Assert.Equal(3, parked.Count);
        var fixedRecords = parked.Items.Where(item => (string?)item["documentId"] != "order-2").Select(item => (string)item["id"]!).ToArray();
        foreach (var id in fixedRecords)
            parked.Edit(id, item => item["document"]!["type"] = "order"); // the operator fixes two documents

        var replay = await relay.Replayer.ReplayAsync("orders", CancellationToken.None);

        Assert.Equal(new ReplayResult(Records: 3, Published: 2, StillParked: 1), replay);
        Assert.Equal(["order-1", "order-3"], relay.Publisher.Published.Select(e => e.Subject));
        var stillParked = Assert.Single(parked.Items);
        Assert.Equal("order-2", (string?)stillParked["documentId"]);
    }

    [Fact]
    public async Task listing_shows_each_parked_change_with_its_reason_in_replay_order_and_changes_nothing()
    {
        var parked = new InMemoryParkedContainer();
        using var relay = new RelayFixture(parked);
        foreach (var (id, lsn) in new[] { ("order-3", 30L), ("order-1", 10L) })
            await relay.Relay.ProcessAsync([RelayFixture.Change(id, lsn, type: null)], "orders", CancellationToken.None);
        var omitted = parked.Items.Single(item => (string?)item["documentId"] == "order-3");
        parked.Edit((string)omitted["id"]!, item => item["document"] = null);

        var listed = await relay.Replayer.ListAsync("Orders", CancellationToken.None); // route names match in any case

        Assert.Equal(["order-1", "order-3"], listed.Select(change => change.DocumentId));
        Assert.Equal([10L, 30L], listed.Select(change => change.Lsn ?? -1));
        Assert.All(listed, change => Assert.Contains("type", change.Reason, StringComparison.Ordinal));
        Assert.Equal([true, false], listed.Select(change => change.DocumentKept));
        Assert.Equal(parked.Items.Select(item => (string)item["id"]!).Order(), listed.Select(change => change.Id).Order());
        Assert.Equal(2, parked.Count);
        Assert.Empty(relay.Publisher.Published);
    }

    [Fact]
    public async Task listing_or_replaying_an_unknown_route_names_the_configured_ones()
    {
        using var relay = new RelayFixture(new InMemoryParkedContainer());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => relay.Replayer.ListAsync("ordrs", CancellationToken.None));

        Assert.Contains("No route named 'ordrs'", error.Message, StringComparison.Ordinal);
        Assert.Contains("orders", error.Message[error.Message.IndexOf("configured:", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [Fact]
    public async Task replay_keeps_a_record_whose_document_was_too_large_to_keep()
    {
        var parked = new InMemoryParkedContainer();
        using var relay = new RelayFixture(parked);
        await relay.Relay.ProcessAsync([RelayFixture.Change("order-1", 10, type: null), RelayFixture.Change("order-2", 11, type: null)], "orders", CancellationToken.None);
        var omitted = parked.Items.Single(item => (string?)item["documentId"] == "order-1");
        parked.Edit((string)omitted["id"]!, item => item["document"] = null);

        var replay = await relay.Replayer.ReplayAsync("orders", CancellationToken.None);

        Assert.Equal(new ReplayResult(Records: 2, Published: 0, StillParked: 2), replay);
        Assert.Equal(2, parked.Count);
        Assert.Contains(parked.Items, item => (string?)item["id"] == (string?)omitted["id"] && item["document"] is null);
        Assert.Empty(relay.Publisher.Published);
    }

    [Fact]
    public async Task replay_hands_changes_to_the_relay_in_change_feed_order()
    {
        var parked = new InMemoryParkedContainer();
        using var relay = new RelayFixture(parked);
        foreach (var (id, lsn) in new[] { ("order-3", 30L), ("order-1", 10L), ("order-2", 20L) })
            await relay.Relay.ProcessAsync([RelayFixture.Change(id, lsn, type: null)], "orders", CancellationToken.None);
        foreach (var item in parked.Items.ToArray())
            parked.Edit((string)item["id"]!, record => record["document"]!["type"] = "order");

        await relay.Replayer.ReplayAsync("ORDERS", CancellationToken.None); // route names match in any case

        Assert.Equal(["order-1", "order-2", "order-3"], relay.Publisher.Published.Select(e => e.Subject));
        Assert.Equal(0, parked.Count);
    }

    [Fact]
    public async Task replay_keeps_every_record_when_publishing_fails()
    {
        var parked = new InMemoryParkedContainer();
        using var relay = new RelayFixture(parked);
        await relay.Relay.ProcessAsync([RelayFixture.Change("order-1", 10, type: null)], "orders", CancellationToken.None);
        parked.Edit(parked.Items.Single()["id"]!.GetValue<string>(), item => item["document"]!["type"] = "order");
        relay.Publisher.FailWith = new InvalidOperationException("broker down");

        await Assert.ThrowsAsync<InvalidOperationException>(() => relay.Replayer.ReplayAsync("orders", CancellationToken.None));

        Assert.Equal(1, parked.Count);
    }

    [Fact]
    public async Task replay_touches_only_the_records_of_its_route()
    {
        var parked = new InMemoryParkedContainer();
        using var relay = new RelayFixture(parked);
        await relay.Relay.ProcessAsync([RelayFixture.Change("order-1", 10, type: null)], "orders", CancellationToken.None);
        await relay.Relay.ProcessAsync([RelayFixture.Change("invoice-1", 10, type: null)], "invoices", CancellationToken.None);
        foreach (var item in parked.Items.ToArray())
            parked.Edit((string)item["id"]!, record => record["document"]!["type"] = "order");

        var replay = await relay.Replayer.ReplayAsync("orders", CancellationToken.None);

        Assert.Equal(1, replay.Records);
        Assert.Equal("invoice-1", (string?)Assert.Single(parked.Items)["documentId"]);
    }

    [Fact]
    public async Task replay_of_an_empty_parking_lot_does_nothing()
    {
        var parked = new InMemoryParkedContainer();
        using var relay = new RelayFixture(parked);

        var replay = await relay.Replayer.ReplayAsync("orders", CancellationToken.None);

        Assert.Equal(new ReplayResult(0, 0, 0), replay);
        Assert.Empty(relay.Publisher.Published);
    }

    [Fact]
    public async Task a_failed_read_throws_with_the_status()
    {
        var parked = new InMemoryParkedContainer();
        using var relay = new RelayFixture(parked);
        var iterator = Substitute.For<FeedIterator>();
        iterator.HasMoreResults.Returns(true);
        iterator.ReadNextAsync(Arg.Any<CancellationToken>()).Returns(new ResponseMessage(HttpStatusCode.TooManyRequests, errorMessage: "throttled"));
        parked.Container.GetItemQueryStreamIterator(Arg.Any<QueryDefinition>(), Arg.Any<string>(), Arg.Any<QueryRequestOptions>()).Returns(iterator);

        var failure = await Assert.ThrowsAsync<CosmosParkingException>(() => relay.Replayer.ReplayAsync("orders", CancellationToken.None));

        Assert.Equal(HttpStatusCode.TooManyRequests, failure.StatusCode);
    }
}

using System.Text;
using System.Text.Json;
using ChangeFeed.Cosmos.Parking;
using ChangeFeed.Reading;

namespace ChangeFeed.Cosmos.Tests;

/// <summary>
/// Parking keeps any document Cosmos DB accepts (the record puts it one level down, a query page three), and a replay
/// reads it back; a change that could not be read is parked with what arrived and stays parked on replay.
/// </summary>
public sealed class a_document_nested_as_deep_as_cosmos_db_allows_is_parked_and_replayed
{
    [Fact]
    public async Task a_poison_document_of_128_levels_is_parked_whole_and_published_by_replay_once_fixed()
    {
        var parked = new InMemoryParkedContainer();
        using var relay = new RelayFixture(parked);
        var deep = Deep("order-1", 10, DocumentLimits.MaxNestingLevels, type: null);

        await relay.Relay.ProcessAsync([deep], "orders", CancellationToken.None);
        var record = Assert.Single(parked.Items);
        Assert.Equal(deep.GetProperty("payload").GetRawText(), record["document"]!["payload"]!.ToJsonString(DocumentLimits.SerializerOptions));
        parked.Edit((string)record["id"]!, item => item["document"]!["type"] = "order");

        var replay = await relay.Replayer.ReplayAsync("orders", CancellationToken.None);

        Assert.Equal(new ReplayResult(Records: 1, Published: 1, StillParked: 0), replay);
        using var data = JsonDocument.Parse(Assert.Single(relay.Publisher.Published).Data, DocumentLimits.DocumentOptions);
        Assert.Equal(deep.GetProperty("payload").GetRawText(), data.RootElement.GetProperty("payload").GetRawText());
    }

    [Fact]
    public async Task a_change_that_could_not_be_read_is_parked_with_what_arrived_and_stays_parked_on_replay()
    {
        var parked = new InMemoryParkedContainer();
        using var relay = new RelayFixture(parked);
        const string Arrived = """{"id":"order-2","customerId":"customer-1","type":"order","total":NaN,"_lsn":11}""";
        var unreadable = UnreadableChange.Create(Encoding.UTF8.GetBytes(Arrived), "the change feed delivered this change as JSON that cannot be read");

        await relay.Relay.ProcessAsync([RelayFixture.Change("order-1", 10), unreadable], "orders", CancellationToken.None);
        var replay = await relay.Replayer.ReplayAsync("orders", CancellationToken.None);

        var record = Assert.Single(parked.Items);
        Assert.Equal(("order-2", 11L), ((string?)record["documentId"], (long?)record["lsn"]));
        Assert.Equal(Arrived, (string?)record["document"]![UnreadableChange.Property]!["text"]);
        Assert.Equal(new ReplayResult(Records: 1, Published: 0, StillParked: 1), replay);
        Assert.Equal(["order-1"], relay.Publisher.Published.Select(e => e.Subject));
    }

    private static JsonElement Deep(string id, long lsn, int levels, string? type)
    {
        var payload = new StringBuilder().Insert(0, "{\"level\":", levels - 1).Append("{\"level\":0}").Append('}', levels - 1);
        var json = $$"""{"id":"{{id}}","customerId":"customer-1"{{(type is null ? "" : $",\"type\":\"{type}\"")}},"payload":{{payload}},"_ts":1764000000,"_lsn":{{lsn}}}""";
        using var document = JsonDocument.Parse(json, DocumentLimits.DocumentOptions);
        return document.RootElement.Clone();
    }
}

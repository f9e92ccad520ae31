using System.Net;
using System.Text;
using Microsoft.Azure.Cosmos;
using Newtonsoft.Json.Linq;

namespace ChangeFeed.StandIns.Cosmos.Tests;

/// <summary>Cosmos DB's limits for one transactional batch, refused as the service refuses them, with nothing written.</summary>
public sealed class transactional_batch_limits_are_the_services(StandInFixture fixture) : IClassFixture<StandInFixture>
{
    private static readonly PartitionKey P1 = new("p1");

    private static JObject Item(string id, int padding = 0) => new() { ["id"] = id, ["pk"] = "p1", ["pad"] = new string('x', padding) };

    [Fact]
    public async Task a_hundred_operations_commit_and_a_hundred_and_one_are_refused_with_400()
    {
        var container = await fixture.NewContainerAsync();
        var hundred = container.CreateTransactionalBatch(P1);
        var hundredAndOne = container.CreateTransactionalBatch(P1);
        for (var i = 0; i < 100; i++)
        {
            hundred.CreateItem(Item($"a{i}"));
            hundredAndOne.CreateItem(Item($"b{i}"));
        }

        hundredAndOne.CreateItem(Item("b100"));
        using var accepted = await hundred.ExecuteAsync();
        using var refused = await hundredAndOne.ExecuteAsync();

        Assert.True(accepted.IsSuccessStatusCode, accepted.ErrorMessage);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Batch request has more operations than what is supported", refused.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(101, refused.Count);
        Assert.All(refused, r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Equal(HttpStatusCode.NotFound, (await container.ReadItemStreamAsync("b0", P1)).StatusCode);
    }

    [Fact]
    public async Task a_request_over_2_MB_is_refused_with_413_and_nothing_is_written()
    {
        var container = await fixture.NewContainerAsync();

        using var refused = await container.CreateTransactionalBatch(P1)
            .CreateItem(Item("a", 800_000))
            .CreateItem(Item("b", 800_000))
            .CreateItem(Item("c", 800_000))
            .ExecuteAsync();
        using var accepted = await container.CreateTransactionalBatch(P1)
            .CreateItem(Item("d", 900_000))
            .CreateItem(Item("e", 900_000))
            .ExecuteAsync();

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await container.ReadItemStreamAsync("a", P1)).StatusCode);
        Assert.True(accepted.IsSuccessStatusCode, accepted.ErrorMessage);
    }

    [Fact]
    public async Task an_item_over_2_MB_is_refused_with_413_and_nothing_is_written()
    {
        var container = await fixture.NewContainerAsync();

        using var refused = await container.CreateTransactionalBatch(P1)
            .CreateItem(Item("small"))
            .CreateItem(Item("huge", 2 * 1024 * 1024))
            .ExecuteAsync();

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await container.ReadItemStreamAsync("small", P1)).StatusCode);
    }

    [Fact]
    public async Task an_item_nested_deeper_than_128_levels_is_refused_with_400_and_nothing_is_written()
    {
        var container = await fixture.NewContainerAsync();

        using var refused = await container.CreateTransactionalBatch(P1)
            .CreateItem(Item("shallow"))
            .CreateItemStream(Nested("too-deep", 129))
            .ExecuteAsync();
        using var accepted = await container.CreateTransactionalBatch(P1)
            .CreateItemStream(Nested("deepest", 128))
            .ExecuteAsync();

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.FailedDependency, refused[0].StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused[1].StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await container.ReadItemStreamAsync("shallow", P1)).StatusCode);
        Assert.True(accepted.IsSuccessStatusCode, accepted.ErrorMessage);
    }

    /// <summary>A document with objects nested <paramref name="levels"/> levels below it.</summary>
    private static MemoryStream Nested(string id, int levels) =>
        new(Encoding.UTF8.GetBytes($"{{\"id\":\"{id}\",\"pk\":\"p1\",\"nested\":{new StringBuilder().Insert(0, "{\"level\":", levels).Append('1').Append('}', levels)}}}"));
}

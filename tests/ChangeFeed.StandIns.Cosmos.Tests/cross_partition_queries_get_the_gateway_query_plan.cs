using System.Net;
using Microsoft.Azure.Cosmos;

namespace ChangeFeed.StandIns.Cosmos.Tests;

/// <summary>
/// On Linux the SDK asks the gateway for a cross-partition query's plan (its native plan library is not loaded): the
/// stand-in answers it for what it can describe exactly and refuses the rest rather than return a plan that would
/// change the result.
/// </summary>
public sealed class cross_partition_queries_get_the_gateway_query_plan(StandInFixture fixture) : IClassFixture<StandInFixture>
{
    [Fact]
    public async Task order_by_and_top_hold_across_eight_feed_ranges()
    {
        var container = await fixture.StandIn.CreatePartitionedContainerAsync(StandInFixture.NewDatabaseId(), "items", "/pk", 8);
        for (var i = 0; i < 40; i++)
            await container.CreateItemAsync(new Doc($"d{i}", $"p{i % 13}", (i * 7) % 40), new PartitionKey($"p{i % 13}"));

        var descending = await ReadAllAsync(container.GetItemQueryIterator<Doc>(
            new QueryDefinition("SELECT * FROM c WHERE c.n >= @from ORDER BY c.n DESC").WithParameter("@from", 5), requestOptions: new QueryRequestOptions { MaxItemCount = 4 }));
        var top = await ReadAllAsync(container.GetItemQueryIterator<Doc>("SELECT TOP 3 * FROM c ORDER BY c.n"));
        var all = await ReadAllAsync(container.GetItemQueryIterator<Doc>("SELECT * FROM c WHERE STARTSWITH(c.id, 'd')"));

        Assert.Equal(Enumerable.Range(5, 35).Reverse(), descending.Select(d => d.N));
        Assert.Equal([0, 1, 2], top.Select(d => d.N));
        Assert.Equal(40, all.Select(d => d.Id).Distinct().Count());
    }

    [Fact]
    public async Task a_plan_the_stand_in_cannot_describe_is_refused_with_400_not_guessed()
    {
        var container = await fixture.StandIn.CreatePartitionedContainerAsync(StandInFixture.NewDatabaseId(), "items", "/pk", 2);
        await container.CreateItemAsync(new Doc("a", "p1", 1), new PartitionKey("p1"));

        var refused = await Assert.ThrowsAsync<CosmosException>(() => ReadAllAsync(container.GetItemQueryIterator<int>("SELECT VALUE COUNT(1) FROM c")));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("aggregates", refused.Message, StringComparison.Ordinal);
    }

    private static async Task<List<T>> ReadAllAsync<T>(FeedIterator<T> iterator)
    {
        using (iterator)
        {
            var items = new List<T>();
            while (iterator.HasMoreResults)
                items.AddRange(await iterator.ReadNextAsync());
            return items;
        }
    }
}

using System.Net;
using System.Security.Cryptography;
using Microsoft.Azure.Cosmos;

namespace ChangeFeed.StandIns.Cosmos.Tests;

/// <summary>As the service does: a request whose signature was made with another key is refused, so tests of a refused credential mean something here.</summary>
public sealed class requests_signed_with_another_key_are_refused_401(StandInFixture fixture) : IClassFixture<StandInFixture>
{
    [Fact]
    public async Task a_client_with_another_key_is_refused_401_and_the_account_key_still_works()
    {
        var container = await fixture.NewContainerAsync();
        await container.CreateItemAsync(new Doc("present", "p1", 1), new PartitionKey("p1"));
        using var stranger = new CosmosClient(
            fixture.StandIn.Endpoint.ToString(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)), fixture.StandIn.CreateClientOptions());

        var account = await Assert.ThrowsAsync<CosmosException>(() => stranger.ReadAccountAsync());
        var item = await Assert.ThrowsAsync<CosmosException>(
            () => stranger.GetContainer(container.Database.Id, container.Id).ReadItemAsync<Doc>("present", new PartitionKey("p1")));

        Assert.Equal(HttpStatusCode.Unauthorized, account.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, item.StatusCode);
        Assert.Equal(1, (await container.ReadItemAsync<Doc>("present", new PartitionKey("p1"))).Resource.N);
    }
}

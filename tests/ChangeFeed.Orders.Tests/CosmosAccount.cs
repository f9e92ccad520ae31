using ChangeFeed.StandIns.Cosmos;

namespace ChangeFeed.Orders.Tests;

/// <summary>One Cosmos DB account per test class: the local stand-in, or the account in <c>CHANGEFEED_E2E_COSMOS</c>.</summary>
public sealed class CosmosAccount : IAsyncLifetime
{
    private CosmosStandIn? cosmos;

    public CosmosStandIn Cosmos => cosmos ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => cosmos = await CosmosStandIn.StartAsync();

    public async Task DisposeAsync()
    {
        if (cosmos is not null)
            await cosmos.DisposeAsync();
    }
}

using ChangeFeed.StandIns.Cosmos;
using Microsoft.Azure.Cosmos;
using Newtonsoft.Json;

namespace ChangeFeed.StandIns.Cosmos.Tests;

/// <summary>One stand-in per test class (classes run in parallel); each test uses its own database.</summary>
public sealed class StandInFixture : IAsyncLifetime
{
    private CosmosStandIn? standIn;

    public CosmosStandIn StandIn => standIn ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() =>
        standIn = await CosmosStandIn.StartAsync(new CosmosStandInOptions
        {
            LogRequests = Environment.GetEnvironmentVariable("COSMOS_STANDIN_LOG") == "1",
        });

    public async Task DisposeAsync()
    {
        if (standIn is not null)
        {
            await standIn.DisposeAsync();
        }
    }

    /// <summary>A fresh database with a <c>/pk</c> container named <c>items</c>.</summary>
    public async Task<Container> NewContainerAsync(string partitionKeyPath = "/pk") =>
        await StandIn.CreateContainerAsync(NewDatabaseId(), "items", partitionKeyPath);

    public static string NewDatabaseId() => "db-" + Guid.NewGuid().ToString("N")[..12];
}

public sealed record Doc(
    [property: JsonProperty("id")] string Id,
    [property: JsonProperty("pk")] string Pk,
    [property: JsonProperty("n")] int N)
{
    [JsonProperty("_lsn")]
    public long Lsn { get; init; }
}

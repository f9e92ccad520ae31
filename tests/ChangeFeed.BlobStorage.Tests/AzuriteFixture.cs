using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using ChangeFeed.StandIns.Azurite;

namespace ChangeFeed.BlobStorage.Tests;

/// <summary>One Azurite for the test collection; each test uses its own container.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private Azurite? azurite;

    public Azurite Azurite => azurite ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => azurite = await Azurite.StartAsync();

    public async Task DisposeAsync()
    {
        if (azurite is not null)
            await azurite.DisposeAsync();
    }

    /// <summary>A new, empty container and a store on it whose client counts the requests it sends.</summary>
    public async Task<(BlobClaimCheckStore Store, RequestCounter Requests)> NewStoreAsync(int maxRetries = 3)
    {
        var name = "claims-" + Guid.NewGuid().ToString("N")[..12];
        await Azurite.CreateContainerAsync(name);
        var requests = new RequestCounter();
        var options = new BlobClientOptions { Retry = { MaxRetries = maxRetries, Delay = TimeSpan.FromMilliseconds(100), NetworkTimeout = TimeSpan.FromSeconds(30) } };
        options.AddPolicy(requests, HttpPipelinePosition.PerRetry);
        return (new BlobClaimCheckStore(Azurite.CreateServiceClient(options).GetBlobContainerClient(name)), requests);
    }
}

[CollectionDefinition(Name)]
public sealed class OneAzurite : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "azurite";
}

/// <summary>Counts the requests a client sends (every try), and where to.</summary>
public sealed class RequestCounter : HttpPipelineSynchronousPolicy
{
    private int count;

    public int Count => Volatile.Read(ref count);

    public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref count);
}

using System.Collections.Concurrent;
using ChangeFeed.Envelope;
using ChangeFeed.Publishing;

namespace ChangeFeed.ServiceBus.Tests;

/// <summary>A claim check store in memory, for the publisher's and decoder's logic; the Blob Storage one is tested on Azurite.</summary>
internal sealed class MemoryClaimCheckStore : IClaimCheckStore
{
    public ConcurrentDictionary<Uri, byte[]> Stored { get; } = new();

    /// <summary>Every store call, in order (a retry stores the same event again).</summary>
    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>Stores fail while this is above zero, counting down one per failure.</summary>
    public int FailingStores { get; set; }

    /// <summary>Runs at every store, before it completes (to look at what was sent by then).</summary>
    public Action<IntegrationEvent>? OnStore { get; set; }

    public Task<Uri> StoreAsync(IntegrationEvent integrationEvent, CancellationToken cancellationToken)
    {
        Calls.Enqueue(integrationEvent.Id);
        OnStore?.Invoke(integrationEvent);
        if (FailingStores > 0)
        {
            FailingStores--;
            throw new IOException("blob storage is unreachable (test)");
        }

        var dataRef = new Uri($"https://stlarge.blob.core.windows.net/large-events/{integrationEvent.Topic}/{integrationEvent.Id}");
        Stored[dataRef] = integrationEvent.Data.ToArray();
        return Task.FromResult(dataRef);
    }

    public Task<ReadOnlyMemory<byte>?> ReadAsync(Uri dataRef, CancellationToken cancellationToken) =>
        Task.FromResult(Stored.TryGetValue(dataRef, out var data) ? new ReadOnlyMemory<byte>(data) : (ReadOnlyMemory<byte>?)null);
}

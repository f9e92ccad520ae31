using System.Collections.Concurrent;
using Microsoft.Azure.Cosmos;

namespace ChangeFeed.StandIns.Cosmos.Tests;

public sealed class thousand_documents_keep_per_key_order(StandInFixture fixture) : IClassFixture<StandInFixture>
{
    [Fact]
    public async Task a_thousand_documents_over_a_hundred_keys_arrive_once_each_in_per_key_order()
    {
        var (items, leases) = await fixture.NewMonitoredAsync();
        var seen = new ConcurrentQueue<Doc>();
        var processor = items
            .GetChangeFeedProcessorBuilder<Doc>("relay", (_, changes, _) =>
            {
                foreach (var doc in changes)
                {
                    seen.Enqueue(doc);
                }

                return Task.CompletedTask;
            })
            .WithStartTime(DateTime.MinValue.ToUniversalTime())
            .WithMaxItems(100)
            .Fast(leases);
        await processor.StartAsync();

        // 100 writers, one per key, each writing its 10 documents in order, all at once.
        await Task.WhenAll(Enumerable.Range(0, 100).Select(async key =>
        {
            for (var n = 0; n < 10; n++)
            {
                await items.CreateItemAsync(new Doc($"k{key}-{n}", $"k{key}", n), new PartitionKey($"k{key}"));
            }
        }));
        await Eventually.HoldsAsync(() => seen.Count >= 1000, "1,000 delivered", timeoutSeconds: 30);
        await Task.Delay(300);
        await processor.StopAsync();

        var delivered = seen.ToList();
        Assert.Equal(1000, delivered.Count);
        Assert.Equal(1000, delivered.Select(d => d.Id).Distinct().Count());
        Assert.All(delivered.GroupBy(d => d.Pk), key => Assert.Equal(Enumerable.Range(0, 10), key.Select(d => d.N)));
        Assert.Equal(delivered.Select(d => d.Lsn).Order(), delivered.Select(d => d.Lsn));
    }
}

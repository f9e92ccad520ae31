using Microsoft.Azure.Cosmos;
using Newtonsoft.Json.Linq;

namespace ChangeFeed.EndToEnd.Tests.Infrastructure;

/// <summary>An event a scenario expects: the document (event subject), created or deleted, and its place in its key's order.</summary>
public sealed record ExpectedEvent(string Key, string DocumentId, bool Deleted, int Order);

/// <summary>
/// Writes <c>keys</c> × <c>perKey</c> documents in rounds: round n writes document n of every key (keys in parallel),
/// so every feed range gets writes for the whole run and each key's documents are written in order. With
/// <c>deleteEvery</c> &gt; 0, every such document is deleted right after it was written (all-versions-and-deletes
/// mode turns that into a <c>.deleted</c> event). <see cref="Done"/> counts the writes so far, so that a scenario can
/// act while they go on. The rounds are paced to take at least <c>minimumDuration</c>, so that a fast machine does not
/// finish the writes before the instances a scenario starts meanwhile are up.
/// </summary>
public sealed class KeyedWrites(Container container, int keys, int perKey, int deleteEvery = 0, TimeSpan minimumDuration = default)
{
    private int done;

    public int Done => Volatile.Read(ref done);

    /// <summary>Every event the writes should produce, in each key's order.</summary>
    public IReadOnlyList<ExpectedEvent> Expected { get; } = [.. Plan(keys, perKey, deleteEvery)];

    public int Total => Expected.Count;

    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        for (var seq = 1; seq <= perKey; seq++)
        {
            var due = minimumDuration * (seq - 1) / perKey;
            if (due > started.Elapsed)
                await Task.Delay(due - started.Elapsed, cancellationToken);
            var round = seq;
            await Parallel.ForEachAsync(
                Enumerable.Range(0, keys).Select(Key),
                new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
                async (key, ct) =>
                {
                    var document = Documents.Item(key, round);
                    await container.UpsertItemAsync(document, new PartitionKey(key), cancellationToken: ct);
                    Interlocked.Increment(ref done);
                    if (deleteEvery > 0 && round % deleteEvery == 0)
                    {
                        await container.DeleteItemAsync<JObject>((string)document["id"]!, new PartitionKey(key), cancellationToken: ct);
                        Interlocked.Increment(ref done);
                    }
                });
        }
    }

    /// <summary>Waits until at least <paramref name="fraction"/> of the writes are done.</summary>
    public async Task ReachedAsync(double fraction, TimeSpan timeout)
    {
        var target = (int)(Total * fraction);
        await Eventually.HoldsAsync(() => Done >= target, () => $"{Done} of {Total} writes (waiting for {target})", timeout);
    }

    public static string Key(int k) => $"k{k:D3}";

    private static IEnumerable<ExpectedEvent> Plan(int keys, int perKey, int deleteEvery)
    {
        for (var k = 0; k < keys; k++)
        {
            for (var seq = 1; seq <= perKey; seq++)
            {
                yield return new ExpectedEvent(Key(k), $"{Key(k)}-{seq}", false, seq * 2);
                if (deleteEvery > 0 && seq % deleteEvery == 0)
                    yield return new ExpectedEvent(Key(k), $"{Key(k)}-{seq}", true, seq * 2 + 1);
            }
        }
    }
}

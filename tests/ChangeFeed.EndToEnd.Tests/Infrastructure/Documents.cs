using Microsoft.Azure.Cosmos;
using Newtonsoft.Json.Linq;

namespace ChangeFeed.EndToEnd.Tests.Infrastructure;

/// <summary>Writes test documents: keys in parallel, each key's documents one after another (so per-key order is defined).</summary>
internal static class Documents
{
    public const string EntityType = "com.contoso.e2e.item";

    /// <summary>Document <c>n</c> of key <c>k</c>: id <c>k-n</c>, partition key <c>k</c>, <c>seq</c> = n.</summary>
    public static JObject Item(string key, int seq, Action<JObject>? shape = null)
    {
        var document = new JObject { ["id"] = $"{key}-{seq}", ["pk"] = key, ["seq"] = seq, ["type"] = EntityType };
        shape?.Invoke(document);
        return document;
    }

    public static async Task WriteAsync(Container container, int keys, int perKey, Func<string, int, JObject>? make = null, CancellationToken cancellationToken = default)
    {
        make ??= (key, seq) => Item(key, seq);
        await Parallel.ForEachAsync(
            Enumerable.Range(0, keys).Select(k => $"k{k:D3}"),
            new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken },
            async (key, ct) =>
            {
                for (var seq = 1; seq <= perKey; seq++)
                {
                    var document = make(key, seq);
                    await container.UpsertItemAsync(document, new PartitionKey(document["pk"]!.Value<string>()), cancellationToken: ct);
                }
            });
    }

    public static IReadOnlyList<string> Ids(int keys, int perKey) =>
        [.. Enumerable.Range(0, keys).SelectMany(k => Enumerable.Range(1, perKey).Select(seq => $"k{k:D3}-{seq}"))];
}

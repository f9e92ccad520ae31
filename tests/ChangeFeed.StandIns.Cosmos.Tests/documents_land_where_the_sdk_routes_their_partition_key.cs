using System.Text;
using FsCheck;
using FsCheck.Xunit;
using Microsoft.Azure.Cosmos;
using Newtonsoft.Json.Linq;

namespace ChangeFeed.StandIns.Cosmos.Tests;

/// <summary>
/// The stand-in places each document by the effective partition key (hash V2) of its partition key; the SDK computes
/// the same key on its side to route ReadMany, feed ranges of a partition key and sub-range reads. Any partition key
/// value the two computed differently would make ReadMany miss its document.
/// </summary>
public sealed class documents_land_where_the_sdk_routes_their_partition_key(StandInFixture fixture) : IClassFixture<StandInFixture>
{
    private readonly Lazy<Task<Container>> container = new(() => feed_ranges_spread_documents_by_partition_key.NewPartitionedAsync(fixture, 16));

    [Property(MaxTest = 20)]
    public async Task<bool> read_many_finds_every_document_whatever_its_partition_key(NonNull<string>[] strings, NormalFloat[] numbers, bool flag)
    {
        var items = await container.Value;
        var keys = strings.Select(s => s.Get).Where(IsWellFormed).Select(s => (JToken)s)
            .Concat(numbers.Select(n => (JToken)n.Get))
            .Append(flag)
            .Append(JValue.CreateNull())
            .ToList();
        var written = new List<(string Id, PartitionKey Key)>();
        foreach (var key in keys)
        {
            var id = Guid.NewGuid().ToString("N");
            var partitionKey = key.Type switch
            {
                JTokenType.String => new PartitionKey((string)key!),
                JTokenType.Float or JTokenType.Integer => new PartitionKey((double)key),
                JTokenType.Boolean => new PartitionKey((bool)key),
                _ => PartitionKey.Null,
            };
            await items.CreateItemAsync(new JObject { ["id"] = id, ["pk"] = key }, partitionKey);
            written.Add((id, partitionKey));
        }

        var found = await items.ReadManyItemsAsync<JObject>(written);
        var missing = written.Select(w => w.Id).Except(found.Select(d => (string)d["id"]!)).ToList();
        Assert.True(missing.Count == 0, $"not found by ReadMany: {string.Join(", ", keys.Where((_, i) => missing.Contains(written[i].Id)).Select(k => k.ToString(Newtonsoft.Json.Formatting.None)))}");
        return true;
    }

    // A lone surrogate cannot be encoded as UTF-8, so no partition key carries one. DEL (U+007F) the SDK sends unescaped
    // in the x-ms-documentdb-partitionkey header, and Node's HTTP parser refuses it there (see the stand-in's README).
    private static bool IsWellFormed(string value) =>
        !value.Contains('\u007f', StringComparison.Ordinal) && Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(value)) == value;
}

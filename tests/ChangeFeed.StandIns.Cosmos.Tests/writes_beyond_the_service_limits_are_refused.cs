using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Azure.Cosmos;
using Newtonsoft.Json.Linq;

namespace ChangeFeed.StandIns.Cosmos.Tests;

/// <summary>
/// The stand-in refuses what the service refuses (service quotas, per-item limits): items over 2 MB with 413
/// RequestEntityTooLarge, objects and arrays nested more than 128 levels with 400 BadRequest; what it refuses never
/// reaches the change feed. And, by explicit fault injection only, it can deliver a change that is not JSON.
/// </summary>
public sealed class writes_beyond_the_service_limits_are_refused(StandInFixture fixture) : IClassFixture<StandInFixture>
{
    private const int TwoMegabytes = 2 * 1024 * 1024;

    [Fact]
    public async Task an_item_of_exactly_2_mb_is_stored_and_one_byte_more_is_413_by_create_upsert_replace_and_patch()
    {
        var container = await fixture.NewContainerAsync();

        await container.CreateItemAsync(OfSize("fits", TwoMegabytes), new PartitionKey("p"));
        var created = await Assert.ThrowsAsync<CosmosException>(() => container.CreateItemAsync(OfSize("big", TwoMegabytes + 1), new PartitionKey("p")));
        var upserted = await Assert.ThrowsAsync<CosmosException>(() => container.UpsertItemAsync(OfSize("big", TwoMegabytes + 1), new PartitionKey("p")));
        var replaced = await Assert.ThrowsAsync<CosmosException>(() => container.ReplaceItemAsync(OfSize("fits", TwoMegabytes + 1), "fits", new PartitionKey("p")));
        var patched = await Assert.ThrowsAsync<CosmosException>(() => container.PatchItemAsync<JObject>("fits", new PartitionKey("p"), [PatchOperation.Add("/more", "x")]));

        Assert.All([created, upserted, replaced, patched], refused => Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode));
        Assert.Contains("Request size is too large", created.ResponseBody, StringComparison.Ordinal);
        Assert.Equal(["fits"], await ChangeFeedIdsAsync(container));
    }

    [Fact]
    public async Task objects_nested_128_levels_are_stored_and_129_are_400()
    {
        var container = await fixture.NewContainerAsync();

        // Streams: the SDK's own (Newtonsoft) serializer reads no deeper than 64 levels.
        using var stored = await container.CreateItemStreamAsync(Nested("deepest", 128), new PartitionKey("p"));
        using var refused = await container.CreateItemStreamAsync(Nested("too-deep", 129), new PartitionKey("p"));
        using var arrays = await container.UpsertItemStreamAsync(
            new MemoryStream(Encoding.UTF8.GetBytes($"{{\"id\":\"arrays\",\"pk\":\"p\",\"a\":{new string('[', 129)}{new string(']', 129)}}}")), new PartitionKey("p"));

        Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("The request payload is invalid", refused.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, arrays.StatusCode);
        Assert.Equal(["deepest"], await ChangeFeedIdsAsync(container));
    }

    [Fact]
    public async Task an_injected_malformed_change_is_delivered_as_is_in_its_place_until_cleared()
    {
        var container = await fixture.NewContainerAsync();
        foreach (var id in new[] { "a", "b", "c" })
            await container.CreateItemAsync(new JObject { ["id"] = id, ["pk"] = "p" }, new PartitionKey("p"));
        const string Malformed = """{"id":"b","pk":"p","total":NaN}""";

        await fixture.StandIn.InjectMalformedChangeAsync(container.Database.Id, container.Id, "b", Malformed);
        var page = await ChangeFeedPageAsync(container);
        await fixture.StandIn.ClearFaultsAsync();
        var after = await ChangeFeedPageAsync(container);

        Assert.Contains($",{Malformed},", page, StringComparison.Ordinal);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(page).Dispose());
        Assert.True(page.IndexOf("\"a\"", StringComparison.Ordinal) < page.IndexOf(Malformed, StringComparison.Ordinal));
        using var cleared = JsonDocument.Parse(after);
        Assert.Equal(3, cleared.RootElement.GetProperty("Documents").GetArrayLength());
    }

    /// <summary>A document whose JSON, as the SDK sends it, is exactly <paramref name="bytes"/> long.</summary>
    private static JObject OfSize(string id, int bytes)
    {
        var document = new JObject { ["id"] = id, ["pk"] = "p", ["blob"] = "" };
        var overhead = Encoding.UTF8.GetByteCount(document.ToString(Newtonsoft.Json.Formatting.None));
        document["blob"] = new string('x', bytes - overhead);
        return document;
    }

    /// <summary>A document with objects nested <paramref name="levels"/> levels below it.</summary>
    private static MemoryStream Nested(string id, int levels) =>
        new(Encoding.UTF8.GetBytes($"{{\"id\":\"{id}\",\"pk\":\"p\",\"nested\":{new StringBuilder().Insert(0, "{\"level\":", levels).Append('1').Append('}', levels)}}}"));

    private static async Task<IReadOnlyList<string>> ChangeFeedIdsAsync(Container container)
    {
        using var json = JsonDocument.Parse(await ChangeFeedPageAsync(container), new JsonDocumentOptions { MaxDepth = 256 });
        return [.. json.RootElement.GetProperty("Documents").EnumerateArray().Select(d => d.GetProperty("id").GetString()!)];
    }

    private static async Task<string> ChangeFeedPageAsync(Container container)
    {
        using var feed = container.GetChangeFeedStreamIterator(ChangeFeedStartFrom.Beginning(), ChangeFeedMode.LatestVersion);
        using var response = await feed.ReadNextAsync();
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(response.Content);
        return await reader.ReadToEndAsync();
    }
}

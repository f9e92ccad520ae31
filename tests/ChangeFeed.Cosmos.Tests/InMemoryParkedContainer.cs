using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Azure.Cosmos;
using NSubstitute;

namespace ChangeFeed.Cosmos.Tests;

/// <summary>
/// A Cosmos <see cref="Container"/> (an abstract class in the SDK) that keeps items in memory, for the stream
/// operations the parking lot uses: upsert, query by partition key and <c>@route</c>, delete. Reads and writes JSON
/// as deep as Cosmos DB allows.
/// </summary>
internal sealed class InMemoryParkedContainer
{
    private readonly Dictionary<(string PartitionKey, string Id), string> items = [];

    public InMemoryParkedContainer()
    {
        Container = Substitute.For<Container>();
        Container.Id.Returns("parked");
        Container.UpsertItemStreamAsync(Arg.Any<Stream>(), Arg.Any<PartitionKey>(), Arg.Any<ItemRequestOptions>(), Arg.Any<CancellationToken>())
            .Returns(call => Upsert(call.ArgAt<Stream>(0), call.ArgAt<PartitionKey>(1)));
        Container.DeleteItemStreamAsync(Arg.Any<string>(), Arg.Any<PartitionKey>(), Arg.Any<ItemRequestOptions>(), Arg.Any<CancellationToken>())
            .Returns(call => Delete(call.ArgAt<string>(0), call.ArgAt<PartitionKey>(1)));
        Container.GetItemQueryStreamIterator(Arg.Any<QueryDefinition>(), Arg.Any<string>(), Arg.Any<QueryRequestOptions>())
            .Returns(call => Query(call.ArgAt<QueryDefinition>(0), call.ArgAt<QueryRequestOptions>(2)));
    }

    public Container Container { get; }

    /// <summary>Answer every upsert with this status instead of storing (e.g. 503).</summary>
    public HttpStatusCode? FailUpsertsWith { get; set; }

    public int Count => items.Count;

    public IEnumerable<JsonObject> Items => items.Values.Select(json => JsonNode.Parse(json, documentOptions: DocumentLimits.DocumentOptions)!.AsObject());

    public JsonObject Item(string id) => Items.Single(item => (string?)item["id"] == id);

    /// <summary>A stored item's text as it was written.</summary>
    public string Body(string id) => items.Single(pair => pair.Key.Id == id).Value;

    /// <summary>Changes a stored item, as an operator fixing a parked document would.</summary>
    public void Edit(string id, Action<JsonObject> edit)
    {
        var key = items.Keys.Single(key => key.Id == id);
        var item = JsonNode.Parse(items[key], documentOptions: DocumentLimits.DocumentOptions)!.AsObject();
        edit(item);
        items[key] = item.ToJsonString(DocumentLimits.SerializerOptions);
    }

    private Task<ResponseMessage> Upsert(Stream body, PartitionKey partitionKey)
    {
        if (FailUpsertsWith is { } status)
            return Task.FromResult(new ResponseMessage(status, errorMessage: "injected failure"));

        using var reader = new StreamReader(body, Encoding.UTF8);
        var json = reader.ReadToEnd();
        var item = JsonNode.Parse(json, documentOptions: DocumentLimits.DocumentOptions)!.AsObject();
        var key = Key(partitionKey);
        Assert.Equal(key, (string?)item["sourceContainer"]);
        var existed = items.ContainsKey((key, (string)item["id"]!));
        items[(key, (string)item["id"]!)] = json;
        return Task.FromResult(new ResponseMessage(existed ? HttpStatusCode.OK : HttpStatusCode.Created));
    }

    private Task<ResponseMessage> Delete(string id, PartitionKey partitionKey) =>
        Task.FromResult(new ResponseMessage(items.Remove((Key(partitionKey), id)) ? HttpStatusCode.NoContent : HttpStatusCode.NotFound));

    private FeedIterator Query(QueryDefinition query, QueryRequestOptions? options)
    {
        var partitionKey = options?.PartitionKey is { } key ? Key(key) : throw new InvalidOperationException("The parking lot must query one partition.");
        var route = (string)query.GetQueryParameters().Single(parameter => parameter.Name == "@route").Value;
        var documents = items.Where(pair => pair.Key.PartitionKey == partitionKey)
            .Select(pair => JsonNode.Parse(pair.Value, documentOptions: DocumentLimits.DocumentOptions)!)
            .Where(item => (string?)item["route"] == route)
            .ToArray();

        // Two pages, so that paging is exercised.
        var pages = new Queue<JsonNode[]>([documents.Take(1).ToArray(), documents.Skip(1).ToArray()]);
        var iterator = Substitute.For<FeedIterator>();
        iterator.HasMoreResults.Returns(_ => pages.Count > 0);
        iterator.ReadNextAsync(Arg.Any<CancellationToken>()).Returns(_ =>
        {
            var page = new JsonObject { ["_rid"] = "x", ["Documents"] = new JsonArray([.. pages.Dequeue().Select(node => node.DeepClone())]) };
            page["_count"] = page["Documents"]!.AsArray().Count;
            return new ResponseMessage(HttpStatusCode.OK) { Content = new MemoryStream(Encoding.UTF8.GetBytes(page.ToJsonString(DocumentLimits.SerializerOptions))) };
        });
        return iterator;
    }

    // PartitionKey renders as a JSON array: ["shop/orders"].
    private static string Key(PartitionKey partitionKey) => JsonSerializer.Deserialize<string[]>(partitionKey.ToString())![0];
}

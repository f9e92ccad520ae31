using System.Net;
using Microsoft.Azure.Cosmos;
using Newtonsoft.Json.Linq;

namespace ChangeFeed.StandIns.Cosmos.Tests;

/// <summary>
/// <see cref="TransactionalBatch"/> through the real SDK (Gateway mode, the HybridRow request and response): every
/// operation kind, the statuses the service returns, and a refused batch that leaves no trace.
/// </summary>
public sealed class transactional_batch_commits_all_or_nothing(StandInFixture fixture) : IClassFixture<StandInFixture>
{
    private static readonly PartitionKey P1 = new("p1");

    [Fact]
    public async Task every_operation_kind_commits_in_one_batch_with_the_services_statuses()
    {
        var container = await fixture.NewContainerAsync();
        await container.CreateItemAsync(new Doc("b", "p1", 1), P1);

        using var response = await container.CreateTransactionalBatch(P1)
            .CreateItem(new Doc("a", "p1", 1))
            .UpsertItem(new Doc("b", "p1", 2))
            .UpsertItem(new Doc("c", "p1", 3))
            .ReplaceItem("a", new Doc("a", "p1", 10))
            .ReadItem("a")
            .PatchItem("a", [PatchOperation.Increment("/n", 5), PatchOperation.Set("/tag", "patched")], new TransactionalBatchPatchItemRequestOptions { FilterPredicate = "from c where c.n = 10" })
            .DeleteItem("b")
            .ExecuteAsync();

        Assert.True(response.IsSuccessStatusCode, response.ErrorMessage);
        Assert.Equal(
            [HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.NoContent],
            response.Select(r => r.StatusCode));
        Assert.Equal(10, response.GetOperationResultAtIndex<Doc>(4).Resource.N); // a read sees the batch's own earlier writes
        var patched = response.GetOperationResultAtIndex<JObject>(5);
        Assert.Equal(15, patched.Resource["n"]!.Value<int>());
        Assert.Equal("patched", patched.Resource["tag"]!.Value<string>());

        var a = await container.ReadItemAsync<JObject>("a", P1);
        Assert.Equal(15, a.Resource["n"]!.Value<int>());
        Assert.Equal(patched.ETag, a.ETag);
        Assert.Equal(3, (await container.ReadItemAsync<Doc>("c", P1)).Resource.N);
        Assert.Equal(HttpStatusCode.NotFound, (await container.ReadItemStreamAsync("b", P1)).StatusCode);
    }

    [Fact]
    public async Task each_write_gets_its_own_increasing_lsn()
    {
        var container = await fixture.NewContainerAsync();

        using var response = await container.CreateTransactionalBatch(P1)
            .CreateItem(new Doc("x1", "p1", 1))
            .CreateItem(new Doc("x2", "p1", 2))
            .CreateItem(new Doc("x3", "p1", 3))
            .ExecuteAsync();

        Assert.True(response.IsSuccessStatusCode, response.ErrorMessage);
        var lsns = Enumerable.Range(0, 3).Select(i => response.GetOperationResultAtIndex<Doc>(i).Resource.Lsn).ToArray();
        Assert.Equal(lsns.Order(), lsns);
        Assert.Equal(3, lsns.Distinct().Count());
    }

    [Fact]
    public async Task writes_without_content_response_return_etags_but_no_bodies()
    {
        var container = await fixture.NewContainerAsync();
        var noContent = new TransactionalBatchItemRequestOptions { EnableContentResponseOnWrite = false };

        using var response = await container.CreateTransactionalBatch(P1)
            .CreateItem(new Doc("a", "p1", 1), noContent)
            .UpsertItem(new Doc("b", "p1", 2), noContent)
            .ExecuteAsync();

        Assert.True(response.IsSuccessStatusCode, response.ErrorMessage);
        Assert.All(response, r => Assert.Null(r.ResourceStream));
        Assert.Equal((await container.ReadItemAsync<Doc>("a", P1)).ETag, response[0].ETag);
    }

    public static TheoryData<string, HttpStatusCode> Refusals => new()
    {
        { "create of an existing id", HttpStatusCode.Conflict },
        { "replace with a stale etag", HttpStatusCode.PreconditionFailed },
        { "delete with a stale etag", HttpStatusCode.PreconditionFailed },
        { "replace of a missing item", HttpStatusCode.NotFound },
        { "delete of a missing item", HttpStatusCode.NotFound },
        { "read of a missing item", HttpStatusCode.NotFound },
        { "patch whose condition does not hold", HttpStatusCode.PreconditionFailed },
        { "a document on another partition key", HttpStatusCode.BadRequest },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task a_failing_operation_fails_the_batch_the_others_report_424_and_nothing_is_written(string failure, HttpStatusCode expected)
    {
        var container = await fixture.NewContainerAsync();
        var original = await container.CreateItemAsync(new Doc("e", "p1", 1), P1);
        var stale = original.ETag;
        await container.ReplaceItemAsync(new Doc("e", "p1", 2), "e", P1); // someone else changed it
        using var changes = container.GetChangeFeedIterator<Doc>(ChangeFeedStartFrom.Now(), ChangeFeedMode.LatestVersion);
        Assert.Equal(HttpStatusCode.NotModified, (await changes.ReadNextAsync()).StatusCode);

        var batch = container.CreateTransactionalBatch(P1)
            .CreateItem(new Doc("n1", "p1", 1))
            .PatchItem("e", [PatchOperation.Set("/n", 100)]);
        batch = failure switch
        {
            "create of an existing id" => batch.CreateItem(new Doc("e", "p1", 3)),
            "replace with a stale etag" => batch.ReplaceItem("e", new Doc("e", "p1", 3), new TransactionalBatchItemRequestOptions { IfMatchEtag = stale }),
            "delete with a stale etag" => batch.DeleteItem("e", new TransactionalBatchItemRequestOptions { IfMatchEtag = stale }),
            "replace of a missing item" => batch.ReplaceItem("missing", new Doc("missing", "p1", 3)),
            "delete of a missing item" => batch.DeleteItem("missing"),
            "read of a missing item" => batch.ReadItem("missing"),
            "patch whose condition does not hold" => batch.PatchItem("e", [PatchOperation.Set("/n", 5)], new TransactionalBatchPatchItemRequestOptions { FilterPredicate = "from c where c.n = 2" }),
            _ => batch.UpsertItem(new Doc("elsewhere", "p2", 3)),
        };
        using var response = await batch.CreateItem(new Doc("n2", "p1", 2)).ExecuteAsync();

        Assert.False(response.IsSuccessStatusCode);
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal([HttpStatusCode.FailedDependency, HttpStatusCode.FailedDependency, expected, HttpStatusCode.FailedDependency], response.Select(r => r.StatusCode));
        Assert.Equal(HttpStatusCode.NotFound, (await container.ReadItemStreamAsync("n1", P1)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await container.ReadItemStreamAsync("n2", P1)).StatusCode);
        Assert.Equal(2, (await container.ReadItemAsync<Doc>("e", P1)).Resource.N);
        Assert.Equal(HttpStatusCode.NotModified, (await changes.ReadNextAsync()).StatusCode);
    }

    [Fact]
    public async Task a_refused_batch_can_be_retried_with_a_fresh_etag()
    {
        var container = await fixture.NewContainerAsync();
        var first = await container.CreateItemAsync(new Doc("e", "p1", 1), P1);
        var current = await container.ReplaceItemAsync(new Doc("e", "p1", 2), "e", P1);

        using var refused = await container.CreateTransactionalBatch(P1)
            .ReplaceItem("e", new Doc("e", "p1", 3), new TransactionalBatchItemRequestOptions { IfMatchEtag = first.ETag })
            .ExecuteAsync();
        using var accepted = await container.CreateTransactionalBatch(P1)
            .ReplaceItem("e", new Doc("e", "p1", 3), new TransactionalBatchItemRequestOptions { IfMatchEtag = current.ETag })
            .ExecuteAsync();

        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.True(accepted.IsSuccessStatusCode, accepted.ErrorMessage);
        Assert.Equal(3, (await container.ReadItemAsync<Doc>("e", P1)).Resource.N);
    }
}

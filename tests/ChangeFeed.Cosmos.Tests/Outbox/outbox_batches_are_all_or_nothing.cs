using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChangeFeed.Configuration;
using ChangeFeed.Cosmos.Outbox;
using ChangeFeed.StandIns.Cosmos;
using ChangeFeed.Routing;
using FsCheck;
using FsCheck.Xunit;
using Microsoft.Azure.Cosmos;

namespace ChangeFeed.Cosmos.Tests.Outbox;

/// <summary>
/// The writer's side of the outbox contract, for any mix of entity operations and events on one partition key, on
/// the wire: either everything appears or nothing does; a refusal names the operation a simple model of Cosmos DB
/// expects to fail, with its status; a commit reaches the change feed whole, and the relay's router turns exactly its
/// records into events with the ids the writer returned, in the order they were meant.
/// </summary>
public sealed class outbox_batches_are_all_or_nothing(OutboxAccount account) : IClassFixture<OutboxAccount>
{
    private static readonly string[] Existing = ["e0", "e1", "e2", "e3"];
    private static readonly string[] New = ["n0", "n1", "n2"];
    private static readonly Route OutboxRoute = Route.From(
        "outbox", new RouteOptions { Mode = "outbox", Database = "db", Container = "orders", Topic = "orders-events", PartitionKeyPath = "/customerId" }, "test");

    [Property(MaxTest = 60)]
    public bool Any_mix_of_entity_operations_and_events_commits_whole_or_not_at_all(byte[] steps, PositiveInt eventCount) =>
        Task.Run(() => HoldsAsync(steps ?? [], 1 + (eventCount.Get % 5))).GetAwaiter().GetResult();

    private async Task<bool> HoldsAsync(byte[] steps, int eventCount)
    {
        var customer = OutboxAccount.NewPartitionKey();
        var staleE0 = await PutAsync("e0", customer, 0, replace: false);
        var etags = new Dictionary<string, string>
        {
            ["e0"] = await PutAsync("e0", customer, 1, replace: true), // changed since staleE0
        };
        foreach (var id in Existing.Skip(1))
            etags[id] = await PutAsync(id, customer, 0, replace: false);
        var before = await account.DocumentsAsync(customer);
        var changes = await account.ChangesFromNowAsync(customer);

        var model = new Model(Existing.ToDictionary(id => id, id => id == "e0" ? 1 : 0));
        var operations = new List<EntityOperation>();
        foreach (var (step, index) in steps.Take(6).Select((s, i) => (s, i)))
        {
            // Mostly operations that can succeed (create a new id, change an existing one); one in eight aims at the
            // wrong kind of id. Stale etags, and etags of items the batch already changed, fail on their own.
            var kind = Kinds[step % Kinds.Length];
            var aimsRight = step / Kinds.Length % 8 != 0;
            var ids = kind == Kind.Create ^ aimsRight ? Existing : New;
            var id = ids[step / Kinds.Length / 8 % ids.Length];
            var value = 100 + index;
            var current = etags.GetValueOrDefault(id, "\"unknown\"");
            var stale = id == "e0" ? staleE0 : "\"stale\"";
            var currentHolds = etags.ContainsKey(id) && !model.Touched.Contains(id); // any write in the batch changes the etag
            operations.Add(kind switch
            {
                Kind.Create => model.Create(id, value, EntityOperation.Create(Entity(id, customer, value))),
                Kind.Upsert => model.Upsert(id, value, EntityOperation.Upsert(Entity(id, customer, value))),
                Kind.Replace => model.Write(id, value, ifMatchHolds: true, EntityOperation.Replace(Entity(id, customer, value))),
                Kind.ReplaceIfCurrent => model.Write(id, value, ifMatchHolds: currentHolds, EntityOperation.Replace(Entity(id, customer, value), current)),
                Kind.ReplaceIfStale => model.Write(id, value, ifMatchHolds: false, EntityOperation.Replace(Entity(id, customer, value), stale)),
                Kind.Patch => model.Write(id, value, ifMatchHolds: true, EntityOperation.PatchItem(id, [PatchOperation.Set("/n", value)])),
                Kind.PatchIfCurrent => model.Write(id, value, ifMatchHolds: currentHolds, EntityOperation.PatchItem(id, [PatchOperation.Set("/n", value)], current)),
                Kind.Delete => model.Delete(id, ifMatchHolds: true, EntityOperation.Delete(id)),
                _ => model.Delete(id, ifMatchHolds: currentHolds, EntityOperation.Delete(id, current)),
            });
        }

        var events = Enumerable.Range(0, eventCount).Select(i => new OutboxEvent($"com.contoso.test.Step{i}", "customer", customer, new { step = i })).ToArray();
        OutboxSaveResult? saved = null;
        OutboxWriteException? refused = null;
        try
        {
            saved = await account.Writer().SaveAsync(customer, operations, events, CancellationToken.None);
        }
        catch (OutboxWriteException exception)
        {
            refused = exception;
        }

        var after = await account.DocumentsAsync(customer);
        var page = await changes.ReadPageAsync();
        if (model.Failure is { } expected)
        {
            Assert.NotNull(refused);
            Assert.Equal((expected.Index, expected.Status), (refused.FailedOperation!.Value, refused.StatusCode!.Value));
            Assert.Equal(Snapshot(before), Snapshot(after)); // nothing written: not an entity, not a record
            Assert.Empty(page);
            return true;
        }

        Assert.Null(refused);
        Assert.NotNull(saved);
        var entities = after.Values.Where(d => !d.TryGetProperty("kind", out _)).ToDictionary(d => d.GetProperty("id").GetString()!, d => d.GetProperty("n").GetInt32());
        Assert.Equal(model.State.OrderBy(p => p.Key), entities.OrderBy(p => p.Key));
        var records = after.Values.Where(d => d.TryGetProperty("kind", out _)).Select(d => d.GetProperty("id").GetString()!);
        Assert.Equal(saved.EventIds.Order(), records.Order());

        // The change feed: the whole batch in one page (page size 1), in the order it was written ...
        var written = model.Touched.Where(model.State.ContainsKey).Concat(saved.EventIds).Order();
        Assert.Equal(written, page.Select(d => d.GetProperty("id").GetString()!).Order());
        var lsns = page.Select(d => d.GetProperty("_lsn").GetInt64()).ToList();
        Assert.Equal(lsns.Order(), lsns);
        // ... and the relay's router: entities ignored, one event per record, the writer's ids in the order meant.
        var routed = page.SelectMany(d => new Router().Route(OutboxRoute, d).Events).ToList();
        Assert.Equal(saved.EventIds, routed.Select(e => e.Id));
        Assert.Equal(events.Select(e => e.Type), routed.Select(e => e.Type));
        Assert.All(routed, e => Assert.Equal(customer, e.Subject));
        return true;
    }

    private enum Kind
    {
        Create,
        Upsert,
        Replace,
        ReplaceIfCurrent,
        ReplaceIfStale,
        Patch,
        PatchIfCurrent,
        Delete,
        DeleteIfCurrent,
    }

    // Weighted towards operations that commit, so that long committed batches are common too.
    private static readonly Kind[] Kinds =
    [
        Kind.Create, Kind.Create, Kind.Upsert, Kind.Upsert, Kind.Replace, Kind.Replace, Kind.ReplaceIfCurrent, Kind.ReplaceIfStale,
        Kind.Patch, Kind.Patch, Kind.PatchIfCurrent, Kind.Delete, Kind.DeleteIfCurrent,
    ];

    private static JsonObject Entity(string id, string customer, int n) => new() { ["id"] = id, ["customerId"] = customer, ["n"] = n };

    private async Task<string> PutAsync(string id, string customer, int n, bool replace)
    {
        using var body = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(Entity(id, customer, n)));
        using var response = replace
            ? await account.Container.ReplaceItemStreamAsync(body, id, new PartitionKey(customer))
            : await account.Container.CreateItemStreamAsync(body, new PartitionKey(customer));
        response.EnsureSuccessStatusCode();
        return response.Headers.ETag;
    }

    private static List<string> Snapshot(Dictionary<string, JsonElement> documents) =>
        [.. documents.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value.GetProperty("_etag").GetString()}")];

    /// <summary>What Cosmos DB should do with the operations, in order: the first failure, or the state after all of them.</summary>
    private sealed class Model(Dictionary<string, int> state)
    {
        private int index;

        public Dictionary<string, int> State { get; } = state;

        /// <summary>Ids the batch writes (so they appear in the change feed if they still exist at its end).</summary>
        public HashSet<string> Touched { get; } = [];

        public (int Index, HttpStatusCode Status)? Failure { get; private set; }

        public EntityOperation Create(string id, int value, EntityOperation operation) =>
            Apply(operation, State.ContainsKey(id) ? HttpStatusCode.Conflict : null, () => State[id] = value, id);

        public EntityOperation Upsert(string id, int value, EntityOperation operation) => Apply(operation, null, () => State[id] = value, id);

        /// <summary>Replace or patch: the item must exist and its etag check (if any) hold.</summary>
        public EntityOperation Write(string id, int value, bool ifMatchHolds, EntityOperation operation) =>
            Apply(operation, Refusal(id, ifMatchHolds), () => State[id] = value, id);

        public EntityOperation Delete(string id, bool ifMatchHolds, EntityOperation operation) =>
            Apply(operation, Refusal(id, ifMatchHolds), () => State.Remove(id), id);

        private HttpStatusCode? Refusal(string id, bool ifMatchHolds) =>
            !State.ContainsKey(id) ? HttpStatusCode.NotFound : ifMatchHolds ? null : HttpStatusCode.PreconditionFailed;

        private EntityOperation Apply(EntityOperation operation, HttpStatusCode? refusal, Action effect, string id)
        {
            if (Failure is null)
            {
                if (refusal is { } status)
                {
                    Failure = (index, status);
                }
                else
                {
                    effect();
                    Touched.Add(id);
                }
            }

            index++;
            return operation;
        }
    }
}

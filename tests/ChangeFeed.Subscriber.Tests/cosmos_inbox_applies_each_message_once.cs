using System.Text.Json;
using System.Text.Json.Nodes;
using ChangeFeed.StandIns.Cosmos;
using ChangeFeed.Subscriber.Inbox;
using Microsoft.Azure.Cosmos;

namespace ChangeFeed.Subscriber.Tests;

/// <summary>
/// The <see cref="CosmosInbox"/> through the real SDK against Cosmos DB (the stand-in, or the account in
/// <c>CHANGEFEED_E2E_COSMOS</c>): the marker and the effect commit in one transactional batch, so a redelivered
/// message changes nothing and a failed effect leaves no marker behind.
/// </summary>
public sealed class cosmos_inbox_applies_each_message_once(cosmos_inbox_applies_each_message_once.Account account)
    : IClassFixture<cosmos_inbox_applies_each_message_once.Account>
{
    [Fact]
    public async Task A_redelivered_message_is_recognised_and_its_effect_is_not_applied_again()
    {
        var (inbox, order) = account.NewInbox();

        Assert.True(await inbox.TryHandleAsync("m-placed", order, Upsert(order), CancellationToken.None));
        Assert.True(await inbox.TryHandleAsync("m-counted", order, Count(order), CancellationToken.None));
        Assert.False(await inbox.TryHandleAsync("m-counted", order, Count(order), CancellationToken.None));
        Assert.False(await inbox.TryHandleAsync("m-placed", order, Upsert(order), CancellationToken.None));

        var stored = await account.DocumentsAsync(order);
        Assert.Equal(2, stored[$"summary-{order}"].GetProperty("events").GetInt64());
        Assert.Equal("m-counted", stored["inbox-m-counted"].GetProperty("messageId").GetString());
        Assert.Equal((int)TimeSpan.FromDays(14).TotalSeconds, stored["inbox-m-placed"].GetProperty("ttl").GetInt32());
        Assert.Equal(3, stored.Count); // the summary and two markers
    }

    [Fact]
    public async Task A_failing_effect_leaves_neither_marker_nor_effect_so_the_retry_applies_it_once()
    {
        var (inbox, order) = account.NewInbox();

        // The summary does not exist yet (its OrderPlaced has not been handled): the patch fails, so does the batch.
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => inbox.TryHandleAsync("m-counted", order, Count(order), CancellationToken.None));
        Assert.Contains("operation 1 answered 404 NotFound", error.Message, StringComparison.Ordinal);
        Assert.Empty(await account.DocumentsAsync(order));

        Assert.True(await inbox.TryHandleAsync("m-placed", order, Upsert(order), CancellationToken.None));
        Assert.True(await inbox.TryHandleAsync("m-counted", order, Count(order), CancellationToken.None));
        Assert.Equal(2, (await account.DocumentsAsync(order))[$"summary-{order}"].GetProperty("events").GetInt64());
    }

    [Fact]
    public async Task A_state_is_kept_only_when_newer_than_the_stored_one_whatever_arrives_when()
    {
        var (inbox, customer) = account.NewInbox();
        var subscriber = new Subscriber(inbox);

        foreach (var (lsn, status, backfill) in new[] { (20L, "shipped", false), (10L, "placed", true), (20L, "shipped", true), (25L, "delivered", false), (15L, "paid", false) })
            await subscriber.SettleAsync(Messages.From(Messages.OrderState("order-1", lsn, status, backfillRun: backfill ? "run-1" : null, customerId: customer)));

        var stored = await account.DocumentsAsync(customer);
        Assert.Equal(25, stored["order-order-1"].GetProperty("position").GetInt64());
        Assert.Equal("delivered", stored["order-order-1"].GetProperty("state").GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.False, stored["order-order-1"].GetProperty("deleted").ValueKind);
        Assert.Equal(4, stored.Keys.Count(k => k.StartsWith("inbox-", StringComparison.Ordinal))); // the backfilled copy of 20 was the same change
        Assert.All(subscriber.Receiver.Settled, s => Assert.Equal("complete", s.Outcome));
    }

    private static Func<InboxEffects, CancellationToken, Task> Upsert(string order) => (effects, _) =>
    {
        effects.Upsert($"summary-{order}", new JsonObject { ["status"] = "placed", ["events"] = 1L });
        return Task.CompletedTask;
    };

    private static Func<InboxEffects, CancellationToken, Task> Count(string order) => (effects, _) =>
    {
        effects.Set($"summary-{order}", new JsonObject { ["status"] = "shipped" });
        effects.Increment($"summary-{order}", "events");
        return Task.CompletedTask;
    };

    /// <summary>One Cosmos DB account per class and a <c>projections</c> container (partition key <c>/partitionKey</c>).</summary>
    public sealed class Account : IAsyncLifetime
    {
        private CosmosStandIn? cosmos;
        private Container? container;

        public async Task InitializeAsync()
        {
            cosmos = await CosmosStandIn.StartAsync();
            container = await cosmos.CreateContainerAsync($"inbox-{Guid.NewGuid().ToString("N")[..8]}", "projections", "/partitionKey");
        }

        public async Task DisposeAsync()
        {
            if (cosmos is not null)
                await cosmos.DisposeAsync();
        }

        private Container Container => container ?? throw new InvalidOperationException("not started");

        /// <summary>An inbox on the shared container and a partition (an order, as sessions are) of the test's own.</summary>
        public (CosmosInbox Inbox, string Order) NewInbox() =>
            (new CosmosInbox(Container, TimeSpan.FromDays(14)), $"order-{Guid.NewGuid().ToString("N")[..8]}");

        public async Task<Dictionary<string, JsonElement>> DocumentsAsync(string partitionKey)
        {
            var query = new QueryDefinition("SELECT * FROM c WHERE c.partitionKey = @key").WithParameter("@key", partitionKey);
            using var iterator = Container.GetItemQueryStreamIterator(query, requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(partitionKey) });
            return (await iterator.ReadDocumentsAsync()).ToDictionary(d => d.GetProperty("id").GetString()!, StringComparer.Ordinal);
        }
    }
}

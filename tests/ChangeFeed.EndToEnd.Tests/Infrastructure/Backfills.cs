using System.Text.Json;
using ChangeFeed.Envelope;
using ChangeFeed.Publishing;
using ChangeFeed.StandIns.Cosmos;
using Microsoft.Azure.Cosmos;
using Newtonsoft.Json.Linq;

namespace ChangeFeed.EndToEnd.Tests.Infrastructure;

/// <summary>What the backfill scenarios share: the orders route, documents with a status, and reading back states and runs.</summary>
internal static class Backfills
{
    public const string Route = "orders";

    public static readonly IReadOnlyDictionary<string, string> RouteSettings = new Dictionary<string, string>
    {
        ["EventType"] = "com.contoso.orders.order",
        ["SoftDeleteProperty"] = "isDeleted",
    };

    /// <summary>Documents per scenario: <c>CHANGEFEED_E2E_BACKFILL_DOCUMENTS</c>, else <paramref name="fallback"/>.</summary>
    public static int Documents(int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable("CHANGEFEED_E2E_BACKFILL_DOCUMENTS"), out var count) && count >= 100 ? count : fallback;

    public static JObject Order(string key, int seq, string status) =>
        Infrastructure.Documents.Item(key, seq, d => d["status"] = status);

    /// <summary>Every document of the container now: id → (its _lsn, status, soft-deleted).</summary>
    public static async Task<Dictionary<string, (long Lsn, string? Status, bool Deleted)>> CurrentStatesAsync(Container container)
    {
        using var iterator = container.GetItemQueryStreamIterator("SELECT * FROM c");
        return (await iterator.ReadDocumentsAsync()).ToDictionary(
            d => d.GetProperty("id").GetString()!,
            d => (d.GetProperty("_lsn").GetInt64(), d.TryGetProperty("status", out var s) ? s.GetString() : null, d.TryGetProperty("isDeleted", out var x) && x.ValueKind == JsonValueKind.True),
            StringComparer.Ordinal);
    }

    /// <summary>The sample subscriber's kept states (<c>order-&lt;id&gt;</c>): id → (position, status, deleted).</summary>
    public static async Task<Dictionary<string, (long Position, string? Status, bool Deleted)>> KeptStatesAsync(Container projections)
    {
        using var iterator = projections.GetItemQueryStreamIterator("SELECT * FROM c WHERE IS_DEFINED(c.position)");
        return (await iterator.ReadDocumentsAsync()).ToDictionary(
            d => d.GetProperty("orderId").GetString()!,
            d => (d.GetProperty("position").GetInt64(),
                d.GetProperty("state").TryGetProperty("status", out var s) ? s.GetString() : null,
                d.GetProperty("deleted").ValueKind == JsonValueKind.True),
            StringComparer.Ordinal);
    }

    /// <summary>What a backfill's summary says it did: <c>done: R documents read, S events sent, K skipped</c>.</summary>
    public static (long Read, long Sent, long Skipped) Done(string output)
    {
        var done = System.Text.RegularExpressions.Regex.Match(output, @"done: ([\d,]+) documents read, ([\d,]+) events sent, ([\d,]+) skipped");
        Assert.True(done.Success, $"no summary in:\n{output}");
        return (Number(done.Groups[1].Value), Number(done.Groups[2].Value), Number(done.Groups[3].Value));
    }

    public static long Number(string text) => long.Parse(text.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The run kept in the lease container for the route and subscription, or null.</summary>
    public static async Task<JsonElement?> KeptRunAsync(Container leases, string subscription)
    {
        var id = $"changefeed-backfill.{Route}.{subscription}";
        using var response = await leases.ReadItemStreamAsync(id, new PartitionKey(id));
        if (!response.IsSuccessStatusCode)
            return null;
        using var json = await JsonDocument.ParseAsync(response.Content, DocumentLimits.DocumentOptions);
        return json.RootElement.Clone();
    }
}

/// <summary>
/// Makes a backfilled state arrive after a newer live change, for certain: before the backfill's first page is sent,
/// its first <paramref name="count"/> documents are changed, and the page waits until the live relay's events of those
/// changes reached the topic (a live-only subscription received them). The backfill then sends the older states it
/// read: in every subscription they come after the newer ones.
/// </summary>
internal sealed class StaleStates(Container container, ReceivedEvents live, int count, ITestOutputHelper output)
{
    private int pages;

    /// <summary>The documents made stale: id → the position the backfill read (older than the live change).</summary>
    public Dictionary<string, long> Stale { get; } = new(StringComparer.Ordinal);

    public IEventPublisher Around(IEventPublisher inner) => new Publisher(this, inner);

    private async Task BeforeFirstPageAsync(IReadOnlyList<IntegrationEvent> events, CancellationToken cancellationToken)
    {
        foreach (var stale in events.Where(e => e.OriginalId is not null).DistinctBy(e => e.Subject).Take(count))
        {
            Stale[stale.Subject] = stale.Lsn;
            var key = stale.PartitionKey;
            var seq = int.Parse(stale.Subject[(stale.Subject.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            await container.UpsertItemAsync(Backfills.Order(key, seq, "newer-live"), new PartitionKey(key), cancellationToken: cancellationToken);
        }

        await Eventually.HoldsAsync(
            () => Stale.All(s => live.All.Any(e => e.Subject == s.Key && e.Lsn > s.Value)),
            () => $"the live events of {string.Join(", ", Stale.Keys)} on the live-only subscription",
            TimeSpan.FromSeconds(60));
        output.WriteLine($"made stale before the backfill sent them: {string.Join(", ", Stale.Select(s => $"{s.Key} (read at lsn {s.Value})"))}");
    }

    private sealed class Publisher(StaleStates owner, IEventPublisher inner) : IEventPublisher
    {
        public async Task<PublishResult> PublishAsync(IReadOnlyList<IntegrationEvent> events, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref owner.pages) == 1)
                await owner.BeforeFirstPageAsync(events, cancellationToken);
            return await inner.PublishAsync(events, cancellationToken);
        }
    }
}

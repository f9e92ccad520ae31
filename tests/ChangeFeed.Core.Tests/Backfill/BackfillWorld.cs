using System.Runtime.CompilerServices;
using System.Text.Json;
using ChangeFeed.Backfill;
using ChangeFeed.Envelope;
using ChangeFeed.Publishing;
using ChangeFeed.Routing;

namespace ChangeFeed.Core.Tests.Backfill;

/// <summary>
/// A backfill's world in memory: a container's change feed as pages (continuation = the index of the next page), a
/// progress store with etags, and a publisher that records every event sent and can be made to fail or to stop the
/// process (a kill) after a given number of sends.
/// </summary>
internal sealed class BackfillWorld
{
    public BackfillWorld(int documents, Func<int, JsonElement>? document = null)
    {
        Documents = [.. Enumerable.Range(0, documents).Select(document ?? (i => Changes.Document(id: $"order-{i}", customerId: $"customer-{i % 7}", lsn: i + 1)))];
        Source = new Pages(this);
        Store = new Kept();
        Publisher = new Sent();
    }

    public IReadOnlyList<JsonElement> Documents { get; }

    public Pages Source { get; }

    public Kept Store { get; }

    public Sent Publisher { get; }

    public Backfiller Backfiller(TimeProvider? time = null) => new(new Router(), Publisher, Source, Store, time ?? TimeProvider.System);

    public static BackfillRequest Request(int pageSize, string subscription = "billing", DateTimeOffset? since = null, bool dryRun = false, bool restart = false) =>
        new(Changes.Route(), subscription, since, pageSize, dryRun, restart);

    /// <summary>The change feed: every document once, in order; a page ends where the page size says.</summary>
    internal sealed class Pages(BackfillWorld world) : IBackfillSource
    {
        public int Reads { get; private set; }

        /// <summary>No end fixed: these pages do not change while a run reads them.</summary>
        public Task<string?> StartAsync(Route route, DateTimeOffset? since, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

        public async IAsyncEnumerable<BackfillPage> ReadAsync(
            Route route, DateTimeOffset? since, string? continuation, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var next = continuation is null ? 0 : int.Parse(continuation, System.Globalization.CultureInfo.InvariantCulture);
            while (next < world.Documents.Count)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await Task.Yield();
                var page = world.Documents.Skip(next).Take(pageSize).ToList();
                next += page.Count;
                Reads++;
                yield return new BackfillPage(page, next.ToString(System.Globalization.CultureInfo.InvariantCulture), RequestCharge: 2.5 * page.Count);
            }
        }

        public Task<long?> CountDocumentsAsync(Route route, CancellationToken cancellationToken) => Task.FromResult<long?>(world.Documents.Count);
    }

    /// <summary>The lease container's progress item: optimistic concurrency by etag, like Cosmos DB's.</summary>
    internal sealed class Kept : IBackfillProgressStore
    {
        private BackfillProgress? stored;
        private int version;

        public BackfillProgress? Stored => stored;

        public int Saves { get; private set; }

        public Task<BackfillProgress?> ReadAsync(string route, string subscription, CancellationToken cancellationToken) => Task.FromResult(stored);

        public Task<BackfillProgress> SaveAsync(BackfillProgress progress, CancellationToken cancellationToken)
        {
            if (progress.ETag != stored?.ETag)
                throw new BackfillConflictException($"stored version {stored?.ETag}, saved on {progress.ETag}");
            Saves++;
            stored = progress with { ETag = $"v{++version}" };
            return Task.FromResult(stored);
        }

        /// <summary>Another process saving meanwhile.</summary>
        public void Touch() => stored = stored! with { ETag = $"v{++version}" };
    }

    /// <summary>Records what was sent, in order; <see cref="StopAfter"/> sends makes the next send cancel (the process dies there).</summary>
    internal sealed class Sent : IEventPublisher
    {
        private readonly List<IntegrationEvent> events = [];

        public IReadOnlyList<IntegrationEvent> Events => events;

        /// <summary>Publish calls to complete before the process is "killed" (the next call sends half its page and throws).</summary>
        public int? StopAfter { get; set; }

        public int Calls { get; private set; }

        public Task<PublishResult> PublishAsync(IReadOnlyList<IntegrationEvent> batch, CancellationToken cancellationToken)
        {
            Calls++;
            if (StopAfter is { } stop && Calls > stop)
            {
                events.AddRange(batch.Take(batch.Count / 2)); // part of the page went out before the process died
                throw new OperationCanceledException("killed");
            }

            events.AddRange(batch);
            return Task.FromResult(new PublishResult(batch.Count, 1, []));
        }
    }
}

using ChangeFeed.EndToEnd.Tests.Infrastructure;
using ChangeFeed.Envelope;
using ChangeFeed.Publishing;
using Microsoft.Azure.Cosmos;

namespace ChangeFeed.EndToEnd.Tests;

/// <summary>
/// Before the backfill's first page goes out, changes the documents it read before the relay started
/// (<c>sNN-1</c>) and waits for their live events on the topic: their backfilled states then arrive after a newer one.
/// </summary>
internal sealed class StaleFirstPage(Container container, StandIns.ServiceBus.ServiceBusStandIn standIn, string topic, ITestOutputHelper output)
{
    private int pages;

    public List<string> Stale { get; } = [];

    public IEventPublisher Around(IEventPublisher inner) => new Publisher(this, inner);

    private async Task BeforeFirstPageAsync(IReadOnlyList<IntegrationEvent> events, CancellationToken cancellationToken)
    {
        foreach (var old in events.Where(e => e.Subject.StartsWith('s')))
        {
            Stale.Add(old.Subject);
            await the_javascript_sample_applies_each_relayed_change_once.WriteAsync(container, old.PartitionKey, $$"""{"id":"{{old.Subject}}","pk":"{{old.PartitionKey}}","status":"newer-live"}""");
        }

        await Eventually.HoldsAsync(
            () => Stale.All(s => standIn.Topic(topic).AcceptedMessages.Select(PublishedEvent.From).Any(p => p.Entity.EndsWith($" {s}", StringComparison.Ordinal) && p.Id == p.Change)),
            () => $"the live events of {string.Join(", ", Stale)}",
            TimeSpan.FromSeconds(60));
        output.WriteLine($"made stale before the backfill sent them: {string.Join(", ", Stale)}");
    }

    private sealed class Publisher(StaleFirstPage owner, IEventPublisher inner) : IEventPublisher
    {
        public async Task<PublishResult> PublishAsync(IReadOnlyList<IntegrationEvent> events, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref owner.pages) == 1)
                await owner.BeforeFirstPageAsync(events, cancellationToken);
            return await inner.PublishAsync(events, cancellationToken);
        }
    }
}

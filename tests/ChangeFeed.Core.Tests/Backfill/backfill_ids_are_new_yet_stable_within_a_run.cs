using ChangeFeed.Backfill;
using ChangeFeed.Envelope;
using FsCheck;
using FsCheck.Xunit;

namespace ChangeFeed.Core.Tests.Backfill;

/// <summary>
/// The id rule of decision 0022: a backfilled copy never carries the live event's id (duplicate detection would swallow
/// it), always the same id for the same run and change (a resumed run's repeats are dropped), another id in another run,
/// and the live id travels along as <c>originalid</c>.
/// </summary>
public sealed class backfill_ids_are_new_yet_stable_within_a_run
{
    [Property(MaxTest = 500)]
    public bool the_same_run_and_change_always_get_the_same_id(Guid run, NonNull<string> original) =>
        EventId.ForBackfill(run.ToString("D"), original.Get) == EventId.ForBackfill(run.ToString("D"), original.Get);

    [Property(MaxTest = 500)]
    public bool a_backfilled_id_is_never_the_live_one_nor_another_runs(Guid run, Guid other, NonNull<string> original) =>
        EventId.ForBackfill(run.ToString("D"), original.Get) != original.Get
        && (run == other || EventId.ForBackfill(run.ToString("D"), original.Get) != EventId.ForBackfill(other.ToString("D"), original.Get));

    [Property(MaxTest = 300)]
    public bool distinct_changes_keep_distinct_ids_in_a_run(Guid run, PositiveInt documents)
    {
        var router = new Routing.Router();
        var route = Changes.Route();
        var count = Math.Min(documents.Get, 200);
        var ids = Enumerable.Range(0, count)
            .Select(i => Assert.Single(router.Route(route, Changes.Document(id: $"order-{i % 13}", customerId: $"c-{i % 5}", lsn: i + 1)).Events))
            .Select(e => Backfiller.ForSubscription(e, run.ToString("D"), "billing").Id);
        return ids.Distinct(StringComparer.Ordinal).Count() == count;
    }

    [Fact]
    public void a_backfilled_copy_is_the_live_event_for_one_subscription_with_its_own_id()
    {
        var live = Assert.Single(new Routing.Router().Route(Changes.Route(), Changes.Document(lsn: 4_000_000_000)).Events);

        var copy = Backfiller.ForSubscription(live, "0193a5c2-0000-7000-8000-000000000001", "billing");

        Assert.Equal(live.Id, copy.OriginalId);
        Assert.Equal(EventId.ForBackfill("0193a5c2-0000-7000-8000-000000000001", live.Id), copy.Id);
        Assert.Equal("billing", copy.BackfillSubscription);
        Assert.Equal(Delivery.Backfill, Delivery.Of(copy));
        Assert.Equal(Delivery.Live, Delivery.Of(live));
        Assert.Equal("4000000000", copy.LsnAttributeValue); // beyond CloudEvents' 32-bit integers
        Assert.Equal((live.Type, live.Subject, live.Time, live.PartitionKey, live.Topic, live.Lsn), (copy.Type, copy.Subject, copy.Time, copy.PartitionKey, copy.Topic, copy.Lsn));
        Assert.Equal(live.Data.ToArray(), copy.Data.ToArray());
    }
}

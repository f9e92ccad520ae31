using ChangeFeed.Backfill;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ChangeFeed.Core.Tests.Backfill;

/// <summary>
/// The resume promise: however often a backfill is stopped (anywhere in a page, even after part of it was sent) and
/// started again, every document's event is sent, under one run id, with ids of that run; what was sent twice is at
/// most one page per stop, and carries the same ids the first time did (so duplicate detection and inboxes drop it).
/// </summary>
public sealed class a_backfill_stopped_anywhere_resumes_and_sends_at_most_one_page_again
{
    [Property(MaxTest = 200)]
    public Property every_document_is_sent_once_plus_at_most_one_page_per_stop()
    {
        var cases =
            from documents in Gen.Choose(0, 400)
            from pageSize in Gen.Choose(1, 60)
            from stops in Gen.ArrayOf(Gen.Choose(0, 12)).Select(list => list.Take(5).ToList())
            select (documents, pageSize, stops);
        return Prop.ForAll(Arb.From(cases), testCase =>
        {
            var (documents, pageSize, stops) = testCase;
            var world = new BackfillWorld(documents);
            var request = BackfillWorld.Request(pageSize);
            var sessions = 0;
            BackfillOutcome? outcome = null;
            foreach (var stop in stops.Append(-1))
            {
                world.Publisher.StopAfter = stop < 0 ? null : world.Publisher.Calls + stop;
                sessions++;
                try
                {
                    outcome = world.Backfiller().RunAsync(request, BackfillPace.Unlimited(TimeProvider.System), null, CancellationToken.None).GetAwaiter().GetResult();
                    break;
                }
                catch (OperationCanceledException)
                {
                }
            }

            var sent = world.Publisher.Events;
            var runIds = world.Store.Stored is { } kept ? new[] { kept.RunId } : [];
            var distinct = sent.Select(e => e.Id).Distinct(StringComparer.Ordinal).Count();
            var expected = world.Documents.Select(d => d.GetProperty("id").GetString()!).ToHashSet(StringComparer.Ordinal);
            return (outcome is not null
                    && outcome.Progress.Completed
                    && outcome.Progress.DocumentsRead == documents
                    && sent.Select(e => e.Subject).ToHashSet(StringComparer.Ordinal).SetEquals(expected)
                    && distinct == documents
                    && sent.Count - distinct <= pageSize * (sessions - 1)
                    && sent.All(e => e.Id == ChangeFeed.Envelope.EventId.ForBackfill(runIds.Single(), e.OriginalId!)))
                .Label($"documents {documents}, page {pageSize}, stops [{string.Join(",", stops)}], sessions {sessions}: sent {sent.Count}, distinct {distinct}, outcome {outcome?.Progress}");
        });
    }

    [Fact]
    public async Task a_resumed_run_reports_it_and_goes_on_from_the_page_after_the_last_kept()
    {
        var world = new BackfillWorld(250);
        var request = BackfillWorld.Request(pageSize: 100);
        world.Publisher.StopAfter = 2;

        await Assert.ThrowsAsync<OperationCanceledException>(() => world.Backfiller().RunAsync(request, BackfillPace.Unlimited(TimeProvider.System), null, CancellationToken.None));
        var kept = Assert.IsType<BackfillProgress>(world.Store.Stored);
        Assert.Equal(200, kept.DocumentsRead);
        Assert.Equal("200", kept.Continuation);
        Assert.False(kept.Completed);

        world.Publisher.StopAfter = null;
        var statuses = new List<BackfillStatus>();
        var outcome = await world.Backfiller().RunAsync(request, BackfillPace.Unlimited(TimeProvider.System), new Collect(statuses), CancellationToken.None);

        Assert.True(outcome.Resumed);
        Assert.True(statuses[0].Resumed);
        Assert.Equal(kept.RunId, outcome.Progress.RunId);
        Assert.Equal(250, outcome.Progress.DocumentsRead);
        Assert.Equal(50, outcome.ReadThisSession);
        Assert.Equal(250, outcome.Progress.EventsSent);
        Assert.Equal(250 * 2.5, outcome.Progress.RequestCharge);
        Assert.True(outcome.Progress.Completed);
        Assert.Equal(250 + 25, world.Publisher.Events.Count); // half of the third page went out before the stop
    }

    [Fact]
    public async Task a_finished_run_is_not_resumed_a_new_run_sends_with_new_ids()
    {
        var world = new BackfillWorld(30);
        var request = BackfillWorld.Request(pageSize: 10);

        var first = await world.Backfiller().RunAsync(request, BackfillPace.Unlimited(TimeProvider.System), null, CancellationToken.None);
        var second = await world.Backfiller().RunAsync(request, BackfillPace.Unlimited(TimeProvider.System), null, CancellationToken.None);

        Assert.False(second.Resumed);
        Assert.NotEqual(first.Progress.RunId, second.Progress.RunId);
        Assert.Equal(60, world.Publisher.Events.Select(e => e.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(30, world.Publisher.Events.Select(e => e.OriginalId).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task an_unfinished_run_from_another_start_is_neither_resumed_nor_replaced_unless_asked()
    {
        var world = new BackfillWorld(30);
        world.Publisher.StopAfter = 1;
        await Assert.ThrowsAsync<OperationCanceledException>(() =>
            world.Backfiller().RunAsync(BackfillWorld.Request(pageSize: 10), BackfillPace.Unlimited(TimeProvider.System), null, CancellationToken.None));
        world.Publisher.StopAfter = null;
        var kept = world.Store.Stored!;
        var since = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

        var refused = await Assert.ThrowsAsync<UnfinishedBackfillException>(() =>
            world.Backfiller().RunAsync(BackfillWorld.Request(pageSize: 10, since: since), BackfillPace.Unlimited(TimeProvider.System), null, CancellationToken.None));
        Assert.Contains(kept.RunId, refused.Message, StringComparison.Ordinal);
        Assert.Contains("--from-beginning", refused.Message, StringComparison.Ordinal);
        Assert.Contains("--restart", refused.Message, StringComparison.Ordinal);
        Assert.Equal(kept, world.Store.Stored);

        var restarted = await world.Backfiller().RunAsync(BackfillWorld.Request(pageSize: 10, since: since, restart: true), BackfillPace.Unlimited(TimeProvider.System), null, CancellationToken.None);
        Assert.NotEqual(kept.RunId, restarted.Progress.RunId);
        Assert.Equal(since, restarted.Progress.Since);
        Assert.True(restarted.Progress.Completed);
    }

    [Fact]
    public async Task two_backfills_of_the_same_subscription_at_once_stop_the_second_to_save()
    {
        var world = new BackfillWorld(30);
        var statuses = new List<BackfillStatus>();
        var touched = false;
        var run = world.Backfiller().RunAsync(BackfillWorld.Request(pageSize: 10), BackfillPace.Unlimited(TimeProvider.System), new Collect(statuses, status =>
        {
            if (status.Progress.DocumentsRead == 10 && !touched)
            {
                touched = true;
                world.Store.Touch(); // another process saved its own page
            }
        }), CancellationToken.None);

        await Assert.ThrowsAsync<BackfillConflictException>(() => run);
        Assert.Equal(20, world.Publisher.Events.Count); // it stopped at the save after its second page
    }

    [Fact]
    public async Task a_dry_run_counts_what_it_would_send_and_keeps_nothing()
    {
        var world = new BackfillWorld(45, i => i % 9 == 4
            ? Changes.Document(id: $"order-{i}", lsn: i + 1, edit: d => d.Remove("customerId"))
            : Changes.Document(id: $"order-{i}", customerId: $"c-{i % 3}", lsn: i + 1, edit: d => d["isDeleted"] = i % 10 == 0));

        var outcome = await world.Backfiller().RunAsync(BackfillWorld.Request(pageSize: 10, dryRun: true), BackfillPace.Unlimited(TimeProvider.System), null, CancellationToken.None);

        Assert.Empty(world.Publisher.Events);
        Assert.Null(world.Store.Stored);
        Assert.Equal(45, outcome.Progress.DocumentsRead);
        Assert.Equal(5, outcome.Progress.Skipped);
        Assert.Equal(40, outcome.Progress.EventsSent);
        Assert.Equal(5, outcome.Skipped.Count);
        Assert.All(outcome.Skipped, skipped => Assert.Contains("customerId", skipped.Reason, StringComparison.Ordinal));
        Assert.Equal(new Dictionary<string, long> { ["com.contoso.orders.order.deleted"] = 4, ["com.contoso.orders.order.upserted"] = 36 }, outcome.EventTypes);
    }

    private sealed class Collect(List<BackfillStatus> statuses, Action<BackfillStatus>? also = null) : IProgress<BackfillStatus>
    {
        public void Report(BackfillStatus value)
        {
            statuses.Add(value);
            also?.Invoke(value);
        }
    }
}

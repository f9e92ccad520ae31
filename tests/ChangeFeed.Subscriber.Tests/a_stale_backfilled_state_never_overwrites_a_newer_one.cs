using System.Text.Json;
using ChangeFeed.Envelope;
using ChangeFeed.Subscriber.Inbox;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ChangeFeed.Subscriber.Tests;

/// <summary>
/// Live changes and a backfill reach a subscription interleaved in any way: the sample subscriber keeps each order's
/// newest state by the events' <c>lsn</c>, whatever arrives when, deletions included; and it recognises a change it
/// handled live when a backfill brings it again (and the reverse) by the live id a backfilled copy carries.
/// </summary>
public sealed class a_stale_backfilled_state_never_overwrites_a_newer_one
{
    [Fact]
    public async Task a_backfilled_state_arriving_after_a_newer_live_change_is_kept_out()
    {
        var subscriber = new Subscriber();

        await subscriber.SettleAsync(Messages.From(Messages.OrderState("order-1", lsn: 20, "shipped")));
        await subscriber.SettleAsync(Messages.From(Messages.OrderState("order-1", lsn: 10, "placed", backfillRun: "run-1")));

        var kept = subscriber.Memory.Documents["order-order-1"];
        Assert.Equal(20, kept["position"]!.GetValue<long>());
        Assert.Equal("shipped", kept["state"]!["status"]!.GetValue<string>());
        Assert.Equal(["complete", "complete"], subscriber.Receiver.Settled.Select(s => s.Outcome)); // handled, not retried
    }

    [Fact]
    public async Task an_older_backfilled_state_does_not_bring_back_a_deleted_order()
    {
        var subscriber = new Subscriber();

        await subscriber.SettleAsync(Messages.From(Messages.OrderState("order-1", lsn: 30, "placed", deleted: true)));
        await subscriber.SettleAsync(Messages.From(Messages.OrderState("order-1", lsn: 12, "placed", backfillRun: "run-1")));

        Assert.True(subscriber.Memory.Documents["order-order-1"]["deleted"]!.GetValue<bool>());
    }

    [Fact]
    public async Task a_change_handled_live_is_not_handled_again_when_a_backfill_brings_it()
    {
        var subscriber = new Subscriber();
        var live = Messages.Event("evt-shipped", Orders.OrderEvents.Shipped, "order-7", new Orders.OrderShipped("order-7", "customer-42", "DHL", DateTimeOffset.UnixEpoch), Configuration.ContentMode.Binary);

        await subscriber.SettleAsync(Messages.Placed());
        Assert.Equal(Handling.Handled, await subscriber.Dispatcher.DispatchAsync(Messages.From(live), CancellationToken.None));
        var backfilled = live with { Id = EventId.ForBackfill("run-1", live.Id), OriginalId = live.Id, BackfillSubscription = "sample-subscriber" };
        Assert.Equal(Handling.Duplicate, await subscriber.Dispatcher.DispatchAsync(Messages.From(backfilled), CancellationToken.None));

        Assert.Equal(2, subscriber.Memory.Documents["summary-order-7"]["events"]!.GetValue<long>()); // shipped counted once
    }

    [Fact]
    public async Task a_state_without_a_position_is_dead_lettered_with_why()
    {
        var subscriber = new Subscriber();

        await subscriber.SettleAsync(Messages.From(Messages.OrderState("order-1", lsn: 20, "shipped") with { Lsn = 0 }));

        var settled = Assert.Single(subscriber.Receiver.Settled);
        Assert.Equal("deadletter", settled.Outcome);
        Assert.Contains("'lsn'", settled.Description!, StringComparison.Ordinal);
    }

    [Property(MaxTest = 300)]
    public Property whatever_the_interleaving_the_newest_state_is_kept()
    {
        // Each order gets states at increasing positions, live and (some) also backfilled, delivered in any order and
        // any number of times.
        var deliveries =
            from orders in Gen.Choose(1, 4)
            from states in Gen.ArrayOf(Gen.Choose(1, 60), orders).Select(a => a.Select(n => n % 6 + 1).ToArray())
            let all = Enumerable.Range(0, orders).SelectMany(o => Enumerable.Range(1, states[o]).SelectMany(i => new[]
            {
                Messages.OrderState($"order-{o}", lsn: i * 3, $"status-{i}", deleted: i == states[o] && o % 2 == 1),
                Messages.OrderState($"order-{o}", lsn: i * 3, $"status-{i}", deleted: i == states[o] && o % 2 == 1, backfillRun: "run-1"),
            })).ToArray()
            from picked in Gen.ArrayOf(Gen.Choose(0, all.Length - 1), all.Length * 2)
            from shuffled in Gen.Shuffle(all.Concat(picked.Select(i => all[i])).ToArray())
            select (orders, states, shuffled);
        return Prop.ForAll(Arb.From(deliveries), testCase =>
        {
            var (orders, states, shuffled) = testCase;
            var subscriber = new Subscriber();
            foreach (var integrationEvent in shuffled)
                subscriber.SettleAsync(Messages.From(integrationEvent)).GetAwaiter().GetResult();

            return Enumerable.Range(0, orders).All(o =>
                subscriber.Memory.Documents[$"order-order-{o}"] is var kept
                && kept["position"]!.GetValue<long>() == states[o] * 3
                && kept["state"]!["status"]!.GetValue<string>() == $"status-{states[o]}"
                && kept["deleted"]!.GetValue<bool>() == (o % 2 == 1))
                && subscriber.Receiver.Settled.All(s => s.Outcome == "complete");
        });
    }
}

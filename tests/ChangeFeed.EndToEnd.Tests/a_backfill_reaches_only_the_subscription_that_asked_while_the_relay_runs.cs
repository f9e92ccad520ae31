using System.Diagnostics;
using ChangeFeed.CommandLine;
using ChangeFeed.EndToEnd.Tests.Infrastructure;
using ChangeFeed.Publishing;
using ChangeFeed.ServiceBus;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChangeFeed.EndToEnd.Tests;

/// <summary>
/// Issue 16's promise on the wire: documents exist before a subscription does; the live relay runs (from now) and
/// documents keep changing while a backfill for that one subscription runs. The subscription receives every
/// document's current state plus the live changes, and the sample subscriber ends with every document's current state,
/// including where a backfilled state arrived after a newer live change (made certain for a few documents); no other
/// subscription receives a backfill message, not even one that takes backfills meant for itself.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed class a_backfill_reaches_only_the_subscription_that_asked_while_the_relay_runs(Targets targets, ITestOutputHelper output)
{
    private const int Keys = 100;

    [Fact]
    public async Task every_current_state_reaches_the_asking_subscription_and_a_stale_one_never_wins()
    {
        await using var scenario = await Scenario.StartAsync(targets, output, "backfill");
        var orders = await scenario.AddRouteAsync(Backfills.Route, "orders", "/pk", Backfills.RouteSettings);
        var projections = await targets.Cosmos.CreateContainerAsync(scenario.Database, SubscriberProcess.Container, "/partitionKey");
        var subscriptions = targets.BackfillSubscriptionsFor(scenario.Topic);
        await using var liveOnly = new ReceivedEvents(targets.ServiceBusConnectionString, scenario.Topic, subscriptions.LiveOnly, scenario.Database);
        await using var log = new ReceivedEvents(targets.ServiceBusConnectionString, scenario.Topic, subscriptions.Log, scenario.Database);
        var documents = Backfills.Documents(5_000);
        var clock = Stopwatch.StartNew();

        // The documents exist before the subscription is served; the relay starts from now, so it does not send them.
        await Documents.WriteAsync(orders, Keys, documents / Keys, (key, seq) => Backfills.Order(key, seq, "placed"));
        await Task.Delay(1_500); // "now" is read to the second: the last writes must be before the second the relay starts from
        var relay = scenario.BuildHost(new Dictionary<string, string?> { ["Host:StartFrom"] = "Now" });
        await relay.StartAsync();
        await Relaying.StartedAsync(scenario, n => orders.UpsertItemAsync(Backfills.Order("warm-up", n + 1, "placed"), new PartitionKey("warm-up")));
        var record = new InboxRecord();
        using var subscriber = SubscriberProcess.Build(targets, scenario, subscriptions.Target, sessions: Keys + 10, record, output);
        await subscriber.StartAsync();

        // The backfill runs in-process (to make some of its states stale for certain) while documents keep changing.
        var stale = new StaleStates(orders, liveOnly, count: 5, output);
        var backfill = scenario.RunCommandAsync(
            services => services.AddSingleton<IEventPublisher>(provider => stale.Around(provider.GetRequiredService<ServiceBusPublisher>())),
            "backfill", Backfills.Route, "--subscription", subscriptions.Target, "--from-beginning", "--page-size", "100", "--pages-per-second", "10");
        var liveChanges = await ChangeWhileBackfillingAsync(orders, documents / Keys, backfill);
        var run = await backfill;

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var expected = await Backfills.CurrentStatesAsync(orders);
        Dictionary<string, (long Position, string? Status, bool Deleted)> kept = [];
        await Eventually.HoldsAsync(
            async () =>
            {
                kept = await Backfills.KeptStatesAsync(projections);
                return expected.All(e => kept.TryGetValue(e.Key, out var k) && k == (e.Value.Lsn, e.Value.Status, e.Value.Deleted));
            },
            () => $"the subscriber's states: {expected.Count(e => kept.TryGetValue(e.Key, out var k) && k == (e.Value.Lsn, e.Value.Status, e.Value.Deleted))} of {expected.Count} current; "
                + $"first wrong: {string.Join("; ", expected.Where(e => !kept.TryGetValue(e.Key, out var k) || k != (e.Value.Lsn, e.Value.Status, e.Value.Deleted)).Take(3).Select(e => $"{e.Key} is {e.Value}, kept {(kept.TryGetValue(e.Key, out var k) ? k.ToString() : "nothing")}"))}",
            TimeSpan.FromSeconds(240));
        await Task.Delay(1_000); // anything still in flight to the other subscriptions
        await subscriber.StopAsync();
        clock.Stop();

        var (read, sent, skipped) = Backfills.Done(run.Output);
        var duplicates = record.Deliveries.Count(d => !d.Handled);
        output.WriteLine(
            $"FIGURES documents {expected.Count}, backfill sent {sent}, live changes {liveChanges}, delivered to {subscriptions.Target} {record.Deliveries.Count} "
            + $"(duplicates recognised by the inbox {duplicates}), stale states kept out {stale.Stale.Count}, backfill messages on other subscriptions "
            + $"{liveOnly.All.Count(e => e.Delivery != "live") + log.All.Count(e => e.Delivery != "live")}, elapsed {clock.Elapsed.TotalSeconds:F1} s");

        // What a person saw: the run, its progress, its summary.
        Assert.Contains("new run", run.Output, StringComparison.Ordinal);
        Assert.Contains("progress  ", run.Output, StringComparison.Ordinal);
        // Its end was fixed at its start: a document changed meanwhile before the backfill read it is past that end (its
        // newest version reaches every subscription live), so each live write takes at most one document out of it.
        Assert.True(read >= documents - liveChanges.Written && sent == read && skipped == 0, $"the backfill read {read} documents and sent {sent} events, skipped {skipped}, for {documents} documents and {liveChanges.Written} live writes");

        // A stale backfilled state arrived after the newer live change of its document, and was kept out.
        Assert.All(stale.Stale, s =>
        {
            Assert.True(kept[s.Key].Position > s.Value, $"{s.Key}: kept {kept[s.Key]}, the backfill read lsn {s.Value}");
            Assert.NotEqual("placed", kept[s.Key].Status);
        });
        if (targets.ServiceBusStandIn is { } standIn)
        {
            var accepted = BrokerRecord.Accepted(standIn, scenario.Topic).ToList();
            Assert.All(stale.Stale, s => Assert.True(
                accepted.FindIndex(e => e.Subject == s.Key && e.Delivery == "live" && e.Lsn > s.Value) < accepted.FindIndex(e => e.Subject == s.Key && e.Delivery == "backfill" && e.Lsn == s.Value),
                $"{s.Key}: the newer live change reached the topic before the stale backfilled state"));
            Assert.All(accepted.Where(e => e.Delivery == "backfill"), e => Assert.Equal(subscriptions.Target, e.To));
        }

        // No other subscription received a backfill message; the live ones received the live changes.
        Assert.All(liveOnly.All.Concat(log.All), e => Assert.Equal("live", e.Delivery));
        Assert.Contains(liveOnly.All, e => e.Body.Contains("updated-", StringComparison.Ordinal));
        Assert.Equal(liveOnly.All.Select(e => e.MessageId).Order(), log.All.Select(e => e.MessageId).Order());
    }

    /// <summary>Live changes while the backfill runs: updates, new documents and soft deletes, until it ends (or all are written).</summary>
    private static async Task<LiveChanges> ChangeWhileBackfillingAsync(Container orders, int perKey, Task backfill)
    {
        var random = new Random(16);
        var changes = new LiveChanges();
        for (var i = 0; i < 300 && !backfill.IsCompleted; i++)
        {
            var key = $"k{random.Next(Keys):D3}";
            var seq = random.Next(1, perKey + 1);
            var document = Backfills.Order(key, seq, $"updated-{i}");
            if (i % 10 == 9)
            {
                document = Backfills.Order(key, perKey + 1 + i, "placed-live");
                changes.Created++;
            }
            else if (i % 10 == 4)
            {
                document["isDeleted"] = true;
            }

            await orders.UpsertItemAsync(document, new PartitionKey(key));
            changes.Written++;
            await Task.Delay(10);
        }

        return changes;
    }

    private sealed class LiveChanges
    {
        public int Written { get; set; }

        public int Created { get; set; }

        public override string ToString() => Written.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

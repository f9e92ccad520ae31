using System.Diagnostics;
using System.Diagnostics.Metrics;
using Azure.Messaging.ServiceBus;
using ChangeFeed.EndToEnd.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;

namespace ChangeFeed.EndToEnd.Tests;

/// <summary>
/// The outage scenario with the Service Bus client's own retries turned off: sends fail, the relay throws, and the host
/// must not checkpoint past the failed batch, back off, and relay that batch again (the processor has read ahead; the
/// page after the last checkpoint is held and retried in place) until Service Bus is back.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed class failed_publishes_are_retried_from_the_last_checkpoint(Targets targets, ITestOutputHelper output)
{
    [Fact]
    public async Task a_relay_that_fails_during_an_outage_loses_nothing_and_the_retries_add_no_duplicate()
    {
        if (targets.ServiceBusStandIn is not { } standIn)
        {
            output.WriteLine("NOT APPLICABLE against a real namespace: no outage can be injected.");
            Assert.NotNull(targets.ServiceBusConnectionString);
            return;
        }

        await using var scenario = await Scenario.StartAsync(targets, output, "relay-retry");
        var items = await scenario.AddRouteAsync("items", "items", "/pk", new Dictionary<string, string> { ["EventType"] = Documents.EntityType });
        var host = scenario.BuildHost(new Dictionary<string, string?> { ["Host:MaxItemsPerBatch"] = "50" }, services =>
        {
            // No client retries: a send during the outage fails at once and reaches the relay, then the host.
            services.AddSingleton(new ServiceBusClient(targets.ServiceBusConnectionString, new ServiceBusClientOptions
            {
                RetryOptions = new ServiceBusRetryOptions { MaxRetries = 0, TryTimeout = TimeSpan.FromSeconds(2) },
            }));
            services.AddSingleton<Relay, CountingRelay>();
        });
        var clock = Stopwatch.StartNew();
        // The host's own meter factory: only this host's measurements.
        using var failedRelays = new MetricCollector<long>(host.Services.GetRequiredService<IMeterFactory>(), "ChangeFeed", "changefeed.relays.failed");
        await host.StartAsync();

        var writing = Documents.WriteAsync(items, keys: 10, perKey: 100);
        await Eventually.HoldsAsync(() => scenario.Received.Count >= 100, () => $"{scenario.Received.Count} events before the outage", TimeSpan.FromSeconds(60));
        var outage = standIn.FailFor(TimeSpan.FromSeconds(4));
        await writing;
        await outage;
        var expected = Documents.Ids(10, 100);
        // The broker's own record: the outage drops the test's receiver too (see BrokerRecord).
        await Eventually.HoldsAsync(
            () => BrokerRecord.Accepted(standIn, scenario.Topic).Count >= expected.Count,
            () => $"{BrokerRecord.Accepted(standIn, scenario.Topic).Count} of {expected.Count} events accepted by the broker",
            TimeSpan.FromSeconds(90));
        await Task.Delay(1000);
        clock.Stop();

        var relay = (CountingRelay)host.Services.GetRequiredService<Relay>();
        var figures = Figures.From(expected, BrokerRecord.Accepted(standIn, scenario.Topic), (await scenario.ParkedAsync("items")).Count, clock, standIn.Topic(scenario.Topic).DuplicatesDropped);
        scenario.Print(figures);
        output.WriteLine($"relay batches failed and retried from the checkpoint: {relay.FailedBatches}");
        Assert.True(relay.FailedBatches > 0, "no batch failed: the outage did not reach the relay, so the retry path was not exercised");
        // What the relay-failing alert counts: the host's own metric, per route.
        var failures = failedRelays.GetMeasurementSnapshot();
        var routes = failures.Select(m => m.Tags["changefeed.route"]).Distinct().ToList();
        output.WriteLine($"changefeed.relays.failed recorded: {failures.Sum(m => m.Value)} for routes {string.Join(", ", routes)}");
        Assert.InRange(failures.Sum(m => m.Value), 1, relay.FailedBatches);
        Assert.Equal(["items"], routes);
        Assert.Equal(0, figures.Lost);
        Assert.Equal(0, figures.Duplicates);
        Assert.Equal(expected.Count, figures.Delivered);
        Assert.Equal(0, figures.Parked);
    }
}

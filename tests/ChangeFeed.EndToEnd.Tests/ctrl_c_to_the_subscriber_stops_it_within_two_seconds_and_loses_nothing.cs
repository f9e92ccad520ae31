using System.Globalization;
using System.Text.RegularExpressions;
using ChangeFeed.Cosmos.Outbox;
using ChangeFeed.EndToEnd.Tests.Infrastructure;
using ChangeFeed.Orders;
using ChangeFeed.Tests.Programs;
using Microsoft.Azure.Cosmos;

namespace ChangeFeed.EndToEnd.Tests;

/// <summary>
/// The first Ctrl+C (SIGINT) to the sample subscriber, as built and as an OS process, while orders flow: it stops
/// within 2 s of the signal (its own clock, from the signal to its last line) with one "stopped" line, exit code 0 and
/// no stack trace; a message it was handling is not completed, so it comes back, and a second instance handles every
/// event the relay published (each once or recognised by the inbox as done).
/// </summary>
[Collection(TimedStopSuite.Name)]
public sealed partial class ctrl_c_to_the_subscriber_stops_it_within_two_seconds_and_loses_nothing(Targets targets, ITestOutputHelper output)
{
    private const int Orders = 30;

    [Fact]
    public async Task the_first_sigint_while_messages_flow_stops_the_subscriber_within_2_s_and_the_next_instance_handles_the_rest()
    {
        await using var scenario = await Scenario.StartAsync(targets, output, "sub-sigint");
        var orders = await scenario.AddRouteAsync("outbox", "orders", "/customerId", new Dictionary<string, string> { ["Mode"] = "outbox" });
        var projections = await targets.Cosmos.CreateContainerAsync(scenario.Database, SubscriberProcess.Container, "/partitionKey");
        var sessions = targets.SessionSubscriptionFor(scenario.Topic);
        var service = new OrderService(new OutboxWriter(orders, new OutboxWriterOptions { PartitionKeyPath = "/customerId" }), TimeProvider.System);
        using var relay = scenario.BuildHost();
        await relay.StartAsync();

        var prefix = scenario.Database[^8..];
        var placing = Task.Run(async () =>
        {
            for (var i = 0; i < Orders; i++)
            {
                await service.PlaceAsync($"{prefix}-order-{i:D4}", $"customer-{i % 8}", [new OrderLine("A-1", 1, 10m)], CancellationToken.None);
                await Task.Delay(100, CancellationToken.None);
            }
        });

        ProgramRun first;
        using (var running = BuiltProgram.Start("ChangeFeed.Subscriber", [], Settings(scenario, sessions)))
        {
            await Eventually.HoldsAsync(async () => (await HandledAsync(projections)).Count >= 3, () => "the subscriber handled nothing yet", TimeSpan.FromSeconds(90));
            await running.InterruptAsync();
            first = await running.ExitedAsync("the subscriber");
        }

        output.WriteLine($"first subscriber:{Environment.NewLine}{first}");
        await placing;
        await Eventually.HoldsAsync(() => scenario.Received.DistinctIds.Count >= Orders, () => $"{scenario.Received.DistinctIds.Count} of {Orders} events published", TimeSpan.FromSeconds(90));
        var published = scenario.Received.DistinctIds;

        // The second instance: everything the first did not complete comes to it (a lock released, or expired).
        ProgramRun second;
        using (var running = BuiltProgram.Start("ChangeFeed.Subscriber", [], Settings(scenario, sessions)))
        {
            await Eventually.HoldsAsync(
                async () => published.IsSubsetOf(await HandledAsync(projections)), () => "the second subscriber did not handle the rest", TimeSpan.FromSeconds(120));
            await Task.Delay(1000);
            await running.InterruptAsync();
            second = await running.ExitedAsync("the second subscriber");
        }

        output.WriteLine($"second subscriber:{Environment.NewLine}{second}");
        await relay.StopAsync();

        Assert.Equal(0, first.ExitCode);
        var stopped = Assert.Single(Lines(first.Error), line => line.StartsWith("The subscriber stopped ", StringComparison.Ordinal));
        var seconds = double.Parse(StoppedAfter().Match(stopped).Groups["seconds"].Value, CultureInfo.InvariantCulture);
        output.WriteLine($"the first subscriber stopped {seconds} s after the signal (its own clock)");
        Assert.True(seconds < 2.0, $"stopped {seconds} s after the signal, more than 2 s");
        Assert.DoesNotContain("   at ", first.Output + first.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", first.Output + first.Error, StringComparison.Ordinal);
        Assert.True(Lines(first.Error).Count <= 3, $"{Lines(first.Error).Count} lines on standard error");

        // Nothing lost: every published event was handled by one of the two (the inbox keeps a marker per change, written
        // with its effects), and each instance says so for what it handled.
        var markers = await HandledAsync(projections);
        var unhandled = published.Where(id => !markers.Contains(id)).ToList();
        Assert.True(unhandled.Count == 0, $"{unhandled.Count} published events never handled: {string.Join(", ", unhandled.Take(5))}");
        var logged = HandledIds(first.Output + first.Error + second.Output + second.Error);
        var unlogged = published.Where(id => !logged.Contains(id)).ToList();
        Assert.True(unlogged.Count == 0, $"{unlogged.Count} published events neither instance logged as handled: {string.Join(", ", unlogged.Take(5))}");
    }

    private Dictionary<string, string?> Settings(Scenario scenario, string subscription) => new()
    {
        ["SERVICEBUS"] = targets.ServiceBusConnectionString,
        ["COSMOS"] = targets.Cosmos.IsStandIn ? targets.Cosmos.ConnectionString + "DisableServerCertificateValidation=True;" : targets.Cosmos.ConnectionString,
        ["Subscriber__Topic"] = scenario.Topic,
        ["Subscriber__Subscription"] = subscription,
        ["Subscriber__Database"] = scenario.Database,
        ["Subscriber__Container"] = SubscriberProcess.Container,
        ["Subscriber__MaxConcurrentSessions"] = "16",
        ["Subscriber__MaxDeliveryAttempts"] = "10",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__ChangeFeed.Subscriber.MessageSettlement"] = "Information",
        ["Logging__Console__FormatterName"] = "simple",
        ["Logging__Console__FormatterOptions__SingleLine"] = "true",
    };

    /// <summary>The changes the inbox marked handled (its markers are <c>inbox-&lt;id&gt;</c>).</summary>
    private static async Task<HashSet<string>> HandledAsync(Container container)
    {
        var handled = new HashSet<string>(StringComparer.Ordinal);
        using var query = container.GetItemQueryIterator<Newtonsoft.Json.Linq.JObject>("SELECT c.id FROM c");
        while (query.HasMoreResults)
        {
            foreach (var item in await query.ReadNextAsync())
            {
                if ((string?)item["id"] is { } id && id.StartsWith("inbox-", StringComparison.Ordinal))
                    handled.Add(id["inbox-".Length..]);
            }
        }

        return handled;
    }

    private static HashSet<string> HandledIds(string logs) =>
        [.. HandledLine().Matches(logs).Select(match => match.Groups["id"].Value)];

    private static List<string> Lines(string text) => [.. text.Split('\n').Select(line => line.TrimEnd('\r')).Where(line => line.Length > 0)];

    [GeneratedRegex(@"stopped (?<seconds>\d+\.\d) s after the stop signal")]
    private static partial Regex StoppedAfter();

    [GeneratedRegex(@"Message (?<id>\S+) of session \S+: (Handled|Duplicate)")]
    private static partial Regex HandledLine();
}

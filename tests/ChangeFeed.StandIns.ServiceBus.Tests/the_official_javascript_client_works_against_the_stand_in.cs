using System.Text.Json;
using Azure.Messaging.ServiceBus;
using ChangeFeed.Tests.Shared;

namespace ChangeFeed.StandIns.ServiceBus.Tests;

/// <summary>
/// The unmodified <c>@azure/service-bus</c> 7.9.5 (tests/stand-ins/service-bus-js) as a child process: it authenticates
/// through $cbs with the reply link named, not targeted, drains its credit in <c>receiveMessages</c>, and settles.
/// </summary>
public sealed class the_official_javascript_client_works_against_the_stand_in
{
    [Fact]
    public async Task receive_messages_then_complete_and_dead_letter_them()
    {
        await using var standIn = await ServiceBusStandIn.StartAsync();
        StandInTopic topic = standIn.AddTopic("orders-cdc").AddSubscription("plain");
        await SendAsync(standIn, [Clients.Message("a"), Clients.Message("b"), Clients.Message("c")]);

        ChildRun run = await RunAsync(standIn.ConnectionString, "receive", "orders-cdc", "plain");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["a", "b", "c"], Fact(run, "received").EnumerateArray().Select(id => id.GetString()));
        Assert.Equal(0, Fact(run, "afterDrain").GetInt32());
        Assert.Equal(3, Fact(run, "settled").GetInt32());
        Assert.Equal(2, topic.Subscription("plain").CompletedCount);
        StandInMessage dead = Assert.Single(topic.Subscription("plain").DeadLetteredMessages);
        Assert.Equal(("b", "NotACloudEvent"), (dead.MessageId, dead.DeadLetterReason));
        Assert.Equal(0, topic.Subscription("plain").ActiveCount);
    }

    [Fact]
    public async Task subscribe_completes_every_message()
    {
        await using var standIn = await ServiceBusStandIn.StartAsync();
        StandInTopic topic = standIn.AddTopic("orders-cdc").AddSubscription("plain");
        await SendAsync(standIn, [.. Enumerable.Range(1, 5).Select(i => Clients.Message($"m-{i}"))]);

        ChildRun run = await RunAsync(standIn.ConnectionString, "subscribe", "orders-cdc", "plain", ("EXPECTED", "5"));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["m-1", "m-2", "m-3", "m-4", "m-5"], Fact(run, "completed").EnumerateArray().Select(id => id.GetString()));
        Assert.Equal(5, topic.Subscription("plain").CompletedCount);
    }

    [Fact]
    public async Task accept_next_session_reads_every_session_in_order_with_its_state()
    {
        await using var standIn = await ServiceBusStandIn.StartAsync();
        StandInTopic topic = standIn.AddTopic("orders-cdc").AddSubscription("sessions", requiresSession: true);
        await SendAsync(standIn, [.. from s in new[] { "s1", "s2", "s3" } from i in new[] { 1, 2 } select Clients.Message($"{s}-{i}", s)]);

        ChildRun run = await RunAsync(standIn.ConnectionString, "sessions", "orders-cdc", "sessions");

        Assert.True(run.ExitCode == 0, run.ToString());
        var sessions = run.Lines.Select(line => JsonDocument.Parse(line).RootElement)
            .Where(fact => fact.TryGetProperty("session", out _))
            .ToDictionary(fact => fact.GetProperty("session").GetString()!, fact => fact);
        Assert.Equal(["s1", "s2", "s3"], sessions.Keys.Order());
        foreach (var (session, fact) in sessions)
        {
            Assert.Equal([$"{session}-1", $"{session}-2"], fact.GetProperty("messages").EnumerateArray().Select(id => id.GetString()));
            Assert.Equal("read", fact.GetProperty("state").GetString());
        }

        Assert.Equal(6, topic.Subscription("sessions").CompletedCount);
    }

    [Fact]
    public async Task a_wrong_key_is_refused_at_once()
    {
        await using var standIn = await ServiceBusStandIn.StartAsync();
        standIn.AddTopic("orders-cdc").AddSubscription("plain");
        string wrongKey = standIn.ConnectionString.Replace(ServiceBusStandIn.DevelopmentKey, "not-the-key", StringComparison.Ordinal);

        ChildRun run = await RunAsync(wrongKey, "unauthorized", "orders-cdc", "plain");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(Fact(run, "refused").GetBoolean(), run.ToString());
        Assert.NotEmpty(Fact(run, "codes").EnumerateArray());
        Assert.All(Fact(run, "codes").EnumerateArray(), code => Assert.Equal("UnauthorizedAccess", code.GetString()));
        Assert.All(Fact(run, "messages").EnumerateArray(), message => Assert.Contains("invalid signature", message.GetString(), StringComparison.Ordinal));
    }

    private static async Task SendAsync(ServiceBusStandIn standIn, ServiceBusMessage[] messages)
    {
        await using var client = Clients.For(standIn);
        await using var sender = client.CreateSender("orders-cdc");
        foreach (var message in messages)
        {
            await sender.SendMessageAsync(message);
        }
    }

    private static Task<ChildRun> RunAsync(string connectionString, string check, string topic, string subscription, params (string Name, string Value)[] environment) =>
        NodeProgram.RunAsync(
            NodeProgram.Locate(Path.Combine("tests", "stand-ins", "service-bus-js")),
            "client-checks.js",
            [check, topic, subscription],
            environment.Append(("SERVICEBUS_CONNECTION_STRING", connectionString)).ToDictionary(e => e.Item1, e => e.Item2),
            TimeSpan.FromMinutes(2));

    private static JsonElement Fact(ChildRun run, string name) =>
        run.Lines.Select(line => JsonDocument.Parse(line).RootElement).First(fact => fact.TryGetProperty(name, out _)).GetProperty(name);
}

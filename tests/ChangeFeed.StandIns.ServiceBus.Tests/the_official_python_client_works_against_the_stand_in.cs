using System.Text.Json;
using Xunit.Abstractions;
using Azure.Messaging.ServiceBus;
using ChangeFeed.Tests.Shared;

namespace ChangeFeed.StandIns.ServiceBus.Tests;

/// <summary>
/// The unmodified <c>azure-servicebus</c> 7.8.2 on uamqp (Debian's python3-azure; tests/stand-ins/service-bus-py) as a
/// child process, over the stand-in's TLS listener with its certificate trusted: it authenticates through $cbs without
/// a reply-to, receives, settles and reads sessions. Where no Python imports the client, each test says NOT RUN.
/// </summary>
public sealed class the_official_python_client_works_against_the_stand_in(ITestOutputHelper output)
{
    [Fact]
    public async Task receive_messages_over_tls_then_complete_and_dead_letter_them()
    {
        await using var standIn = await ServiceBusStandIn.StartAsync(tls: true);
        StandInTopic topic = standIn.AddTopic("orders-cdc").AddSubscription("plain");
        await SendAsync(standIn, [Clients.Message("a"), Clients.Message("b"), Clients.Message("c")]);

        if (await RunAsync(standIn, "receive", "orders-cdc", "plain") is not { } run)
            return;

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["a", "b", "c"], Fact(run, "received").EnumerateArray().Select(id => id.GetString()));
        Assert.Equal(3, Fact(run, "settled").GetInt32());
        Assert.Equal(2, topic.Subscription("plain").CompletedCount);
        StandInMessage dead = Assert.Single(topic.Subscription("plain").DeadLetteredMessages);
        Assert.Equal(("b", "NotACloudEvent"), (dead.MessageId, dead.DeadLetterReason));
        Assert.Equal(0, topic.Subscription("plain").ActiveCount);
    }

    [Fact]
    public async Task next_available_session_reads_every_session_in_order_with_its_state()
    {
        await using var standIn = await ServiceBusStandIn.StartAsync(tls: true);
        StandInTopic topic = standIn.AddTopic("orders-cdc").AddSubscription("sessions", requiresSession: true);
        await SendAsync(standIn, [.. from s in new[] { "s1", "s2", "s3" } from i in new[] { 1, 2 } select Clients.Message($"{s}-{i}", s)]);

        if (await RunAsync(standIn, "sessions", "orders-cdc", "sessions", expected: 3) is not { } run)
            return;

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

    private static async Task SendAsync(ServiceBusStandIn standIn, ServiceBusMessage[] messages)
    {
        await using var client = Clients.For(standIn);
        await using var sender = client.CreateSender("orders-cdc");
        foreach (var message in messages)
        {
            await sender.SendMessageAsync(message);
        }
    }

    private async Task<ChildRun?> RunAsync(ServiceBusStandIn standIn, string check, string topic, string subscription, int expected = 0)
    {
        if (await PythonProgram.FindInterpreterAsync() is not { } python)
        {
            output.WriteLine("NOT RUN: no Python here imports azure.servicebus (.ci/run installs Debian's python3-azure where it can).");
            return null;
        }

        string caFile = Path.Combine(Path.GetTempPath(), $"service-bus-stand-in-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(caFile, standIn.TlsCertificatePem);
        try
        {
            string directory = PythonProgram.Locate(Path.Combine("tests", "stand-ins", "service-bus-py"), "client_checks.py");
            return await PythonProgram.RunAsync(python, directory, ["client_checks.py", check, topic, subscription], new Dictionary<string, string>
            {
                ["SERVICEBUS_CONNECTION_STRING"] = standIn.TlsConnectionString,
                ["SERVICEBUS_CA_FILE"] = caFile,
                ["EXPECTED"] = expected.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }, TimeSpan.FromMinutes(2));
        }
        finally
        {
            File.Delete(caFile);
        }
    }

    private static JsonElement Fact(ChildRun run, string name) =>
        run.Lines.Select(line => JsonDocument.Parse(line).RootElement).FirstOrDefault(fact => fact.TryGetProperty(name, out _)) is { ValueKind: JsonValueKind.Object } fact
            ? fact.GetProperty(name)
            : throw new Xunit.Sdk.XunitException($"no '{name}' in{Environment.NewLine}{run}");
}

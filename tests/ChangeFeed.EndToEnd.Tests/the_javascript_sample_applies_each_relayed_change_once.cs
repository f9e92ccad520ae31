using System.Text;
using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Azure.Storage.Blobs;
using ChangeFeed.CommandLine;
using ChangeFeed.EndToEnd.Tests.Infrastructure;
using ChangeFeed.Configuration;
using ChangeFeed.Envelope;
using ChangeFeed.Publishing;
using ChangeFeed.ServiceBus;
using ChangeFeed.Tests.Shared;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChangeFeed.EndToEnd.Tests;

/// <summary>
/// The JavaScript consumer of samples/javascript and, beside it on a subscription of its own, the Python consumer of
/// samples/python (over the stand-in's TLS listener; NOT RUN where no Python imports azure.servicebus), each run as a
/// child process with the official client against what the relay published on the stand-in: both content modes, live events and a backfill's copies of them, backfilled states
/// older than a live change already applied, a claim-checked event (Azurite), big numbers, 128 levels, a session per
/// entity, and two messages it must dead-letter. From each one's report: every change applied once, the newest state of
/// every entity, every applied data byte for byte what the relay sent.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed class the_javascript_sample_applies_each_relayed_change_once(Targets targets, ITestOutputHelper output)
{
    private const int Keys = 12;
    private const string BigNumbers = "\"total\":12345678901234567890,\"ratio\":0.10000000000000000555";

    [Fact]
    public async Task every_change_once_newest_state_per_entity_and_byte_exact_data()
    {
        if (targets.ServiceBusStandIn is not { } standIn)
        {
            output.WriteLine("NOT RUN against a real namespace: it reads what the relay published from the stand-in's record.");
            return;
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var scenario = await Scenario.StartAsync(targets, output, "consumers");
        var binary = await scenario.AddRouteAsync("binary", "binary", "/pk", new Dictionary<string, string> { ["EventType"] = Documents.EntityType });
        var structured = await scenario.AddRouteAsync("structured", "structured", "/pk", new Dictionary<string, string> { ["EventType"] = Documents.EntityType, ["ContentMode"] = "structured" });
        var sessions = targets.SessionSubscriptionFor(scenario.Topic);
        const string pythonSubscription = "python";
        standIn.Topic(scenario.Topic).AddSubscription(pythonSubscription, requiresSession: true);

        // States the relay never sends live (written before it starts from now): the backfill sends them, some older
        // than a live change of the same document that reaches the consumer first.
        for (var k = 0; k < 3; k++)
            await WriteAsync(binary, $"s{k:D2}", $$"""{"id":"s{{k:D2}}-1","pk":"s{{k:D2}}","status":"before-the-relay"}""");
        await Task.Delay(1_500); // "now" is read to the second
        var relay = scenario.BuildHost(new Dictionary<string, string?> { ["Host:StartFrom"] = "Now" });
        await relay.StartAsync();
        await Relaying.StartedAsync(scenario, n => WriteAsync(binary, "warm-up", $$"""{"id":"warm-up-{{n}}","pk":"warm-up"}"""));

        // Live: per container, a session per key, each document written twice; the hard cases in their own documents.
        foreach (var container in new[] { binary, structured })
        {
            for (var k = 0; k < Keys; k++)
            {
                await WriteAsync(container, $"k{k:D2}", $$"""{"id":"k{{k:D2}}-1","pk":"k{{k:D2}}","status":"placed"}""");
                await WriteAsync(container, $"k{k:D2}", $$"""{"id":"k{{k:D2}}-1","pk":"k{{k:D2}}","status":"paid","{{k}}":{{k}}}""");
            }

            await WriteAsync(container, "k01", $$"""{"id":"k01-deep","pk":"k01","payload":{{Nested(DocumentLimits.MaxNestingLevels - 1)}}}""");
            await WriteAsync(container, "k02", $$"""{"id":"k02-large","pk":"k02","blob":"{{new string('x', 300 * 1024)}}"}""");
        }

        // The backfill of the binary route for the consumer's subscription, three of its states made stale first.
        var stale = new StaleFirstPage(binary, standIn, scenario.Topic, output);
        var backfill = await scenario.RunCommandAsync(
            services =>
            {
                // The command registers its claim check from the settings it starts with; these tests add theirs later.
                services.AddBlobClaimCheckWhenConfigured(new ConfigurationBuilder().AddInMemoryCollection(scenario.BaseSettings()).Build());
                services.AddSingleton<IEventPublisher>(provider => stale.Around(provider.GetRequiredService<ServiceBusPublisher>()));
            },
            "backfill", "binary", "--subscription", sessions, "--from-beginning", "--page-size", "100");
        Assert.Equal(ExitCodes.Ok, backfill.ExitCode);
        var backfilled = clock.Elapsed;
        await Eventually.HoldsAsync(
            async () => await AllPublishedAsync(standIn, scenario.Topic, binary, structured),
            () => "every document's current state on the topic",
            TimeSpan.FromSeconds(90));

        // Big numbers through the relay's own publisher: the Cosmos DB stand-in reads documents with JavaScript's
        // JSON.parse, which rounds them before the relay sees them; the publisher sends data bytes as they come.
        var publisher = relay.Services.GetRequiredService<IEventPublisher>();
        foreach (var mode in new[] { ContentMode.Binary, ContentMode.Structured })
        {
            var result = await publisher.PublishAsync(
                [new IntegrationEvent($"numbers-{mode}", $"/cosmos/{Scenario.Account}/{scenario.Database}/numbers", Documents.EntityType + ".upserted", $"n-{mode}",
                    DateTimeOffset.UtcNow, Encoding.UTF8.GetBytes($$"""{"id":"n-{{mode}}","pk":"n",{{BigNumbers}}}"""), "n", scenario.Topic, mode) { Lsn = 7 }],
                CancellationToken.None);
            Assert.Empty(result.Rejected);
        }

        await relay.StopAsync();

        // What no relay would send, but a topic can hold: the consumer dead-letters them with a reason.
        await using (var client = new ServiceBusClient(standIn.ConnectionString))
        await using (var sender = client.CreateSender(scenario.Topic))
        {
            await sender.SendMessageAsync(new ServiceBusMessage("not json") { MessageId = "hostile-1", SessionId = "hostile", ContentType = "application/json",
                ApplicationProperties = { ["cloudEvents_specversion"] = "1.0", ["cloudEvents_id"] = "hostile-1", ["cloudEvents_source"] = "/x", ["cloudEvents_type"] = "t" } });
            await sender.SendMessageAsync(new ServiceBusMessage("""{"specversion":"1.0","id":"hostile-2","source":"/x","type":"t","dataref":"https://elsewhere.example.net/c/b"}""")
                { MessageId = "hostile-2", SessionId = "hostile", ContentType = "application/cloudevents+json" });
        }

        var published_ = clock.Elapsed;
        // Both samples at once, each on its own unfiltered session subscription (each got every message, the
        // backfill's included): the Python one, where a Python imports the client, over the stand-in's TLS listener.
        var javascript = NodeProgram.RunAsync(NodeProgram.Locate(Path.Combine("samples", "javascript")), Path.Combine("src", "main.js"), [], Settings(scenario.Topic, sessions, standIn.ConnectionString), TimeSpan.FromMinutes(3));
        var python = RunPythonAsync(standIn, scenario.Topic, pythonSubscription);
        await Task.WhenAll(javascript, (Task)python);
        output.WriteLine($"backfill done at {backfilled.TotalSeconds:F1} s, all published at {published_.TotalSeconds:F1} s, the consumers done at {clock.Elapsed.TotalSeconds:F1} s");
        output.WriteLine("Java consumer: NOT RUN on the wire (its SDK cannot be installed here); the_java_sample_follows_the_consumer_rules runs the rest of samples/java.");

        var published = standIn.Topic(scenario.Topic).AcceptedMessages.Where(m => m.MessageId?.StartsWith("hostile-", StringComparison.Ordinal) != true)
            .Select(PublishedEvent.From).ToList();
        await AssertAppliedOnceAsync("JavaScript", await javascript, sessions, published, standIn.Topic(scenario.Topic), stale.Stale);
        if (await python is { } pythonRun)
            await AssertAppliedOnceAsync("Python", pythonRun, pythonSubscription, published, standIn.Topic(scenario.Topic), stale.Stale);
        else
            output.WriteLine("Python consumer: NOT RUN (no Python here imports azure.servicebus; .ci/run installs Debian's python3-azure where it can).");
    }

    private Dictionary<string, string> Settings(string topic, string subscription, string connectionString) => new()
    {
        ["SERVICEBUS_CONNECTION_STRING"] = connectionString,
        ["SERVICEBUS_TOPIC"] = topic,
        ["SERVICEBUS_SUBSCRIPTION"] = subscription,
        ["CLAIMCHECK_CONNECTION_STRING"] = targets.Storage.ConnectionString,
        ["MAX_CONCURRENT_SESSIONS"] = "8",
        // Counted from the consumer's start: on a loaded machine taking the first session alone can take seconds, and
        // the Python consumer's sessions each open a TLS connection with a $cbs handshake.
        ["STOP_AFTER_IDLE_SECONDS"] = "10",
    };

    private async Task<ChildRun?> RunPythonAsync(StandIns.ServiceBus.ServiceBusStandIn standIn, string topic, string subscription)
    {
        if (await PythonProgram.FindInterpreterAsync() is not { } interpreter)
            return null;
        string caFile = Path.Combine(Path.GetTempPath(), $"service-bus-stand-in-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(caFile, standIn.TlsCertificatePem);
        try
        {
            var settings = Settings(topic, subscription, standIn.TlsConnectionString);
            settings["SERVICEBUS_CA_FILE"] = caFile;
            return await PythonProgram.RunAsync(interpreter, PythonProgram.Locate(Path.Combine("samples", "python"), Path.Combine("changefeed_consumer", "__main__.py")),
                ["-m", "changefeed_consumer"], settings, TimeSpan.FromMinutes(3));
        }
        finally
        {
            File.Delete(caFile);
        }
    }

    /// <summary>From a sample's report: every change applied once, byte-exact data, the newest state per entity, dead letters with reasons.</summary>
    private async Task AssertAppliedOnceAsync(string sample, ChildRun run, string subscription, List<PublishedEvent> published, StandIns.ServiceBus.StandInTopic topic, List<string> stale)
    {
        Assert.True(run.ExitCode == 0, $"{sample}: {run}");
        var report = run.Lines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        var applied = report.Where(f => f.TryGetProperty("applied", out _)).ToList();
        // A message whose effect was applied but whose session was lost before it completed comes back, and the inbox
        // recognises it: a redelivery, not one of the backfill's copies.
        var appliedIds = applied.Select(a => a.GetProperty("id").GetString()).ToHashSet(StringComparer.Ordinal);
        var redelivered = report.Count(f => f.TryGetProperty("duplicate", out _) && appliedIds.Contains(f.GetProperty("id").GetString()));
        var duplicates = report.Where(f => f.TryGetProperty("duplicate", out _) && !appliedIds.Contains(f.GetProperty("id").GetString()))
            .Select(f => f.GetProperty("id").GetString()).Distinct(StringComparer.Ordinal).Count();
        if (redelivered > 0)
            output.WriteLine($"{sample}: {redelivered} message(s) came back after their session was lost, recognised as handled");
        output.WriteLine($"FIGURES {sample}: published {published.Count} ({published.Count(p => p.Structured)} structured, {published.Count(p => p.Id != p.Change)} backfilled, "
            + $"{published.Count(p => p.DataRef is not null)} claim-checked) in {published.Select(p => p.SessionId).Distinct().Count()} sessions; "
            + $"applied {applied.Count}, duplicates recognised {duplicates}, stale states kept out {applied.Count(a => !a.GetProperty("kept").GetBoolean())}");

        // Every change once: the set of changes published, no change twice, the backfill's repeats recognised.
        var changes = published.Select(p => p.Change).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(changes.Order(StringComparer.Ordinal), applied.Select(a => a.GetProperty("applied").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(published.Count - changes.Count, duplicates);
        Assert.True(duplicates > 0, $"{sample}: the backfill's copies of live changes reached the consumer");

        // Byte-exact data: what each applied event carried (or its claim check held) is what the relay sent.
        var byId = published.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var blobs = new BlobServiceClient(targets.Storage.ConnectionString);
        foreach (var a in applied)
        {
            var sent = byId[a.GetProperty("id").GetString()!];
            var expected = sent.DataText ?? await DownloadAsync(blobs, sent.DataRef!);
            Assert.True(expected == a.GetProperty("data").GetString(), $"{sample}: {sent.Id} ({sent.Entity}): the consumer applied other data than the relay sent");
        }

        Assert.Equal(2, applied.Count(a => a.GetProperty("entity").GetString()!.EndsWith(" k01-deep", StringComparison.Ordinal)));
        Assert.Equal(2, applied.Count(a => a.GetProperty("entity").GetString()!.EndsWith(" k02-large", StringComparison.Ordinal)));
        Assert.True(published.Count(p => p.DataRef is not null && p.Id == p.Change) == 2, "both modes' live k02-large travelled by claim check");
        Assert.True(published.Select(p => p.SessionId).Distinct().Count() >= Keys, "a session per key");
        Assert.Equal(2, published.Count(p => p.DataText?.Contains("12345678901234567890", StringComparison.Ordinal) == true && p.Id == p.Change));
        Assert.Equal(2, applied.Count(a => a.GetProperty("data").GetString()!.Contains("\"total\":12345678901234567890,\"ratio\":0.10000000000000000555", StringComparison.Ordinal)));

        // The newest state per entity: the highest lsn published for it, whatever arrived last.
        var newest = published.Where(p => p.Lsn is not null).GroupBy(p => p.Entity).ToDictionary(g => g.Key, g => g.MaxBy(p => ulong.Parse(p.Lsn!, System.Globalization.CultureInfo.InvariantCulture))!);
        var kept = report.Where(f => f.TryGetProperty("state", out _)).ToDictionary(f => f.GetProperty("state").GetString()!, f => f);
        Assert.Equal(newest.Keys.Order(StringComparer.Ordinal), kept.Keys.Order(StringComparer.Ordinal));
        foreach (var (entity, event_) in newest)
            Assert.Equal(event_.Lsn, kept[entity].GetProperty("lsn").GetString());
        // The relay starts from now, so the states written before it normally reach the topic only as backfilled
        // copies, which arrive after a newer state. Where the relay's first read came before them anyway (seen once in
        // CI: the start position is the SDK's), they were live too, and their copies are duplicates instead.
        var sentLive = stale.Where(s => published.Any(p => p.Id == p.Change && p.Entity.EndsWith($" {s}", StringComparison.Ordinal)
            && p.DataText?.Contains("before-the-relay", StringComparison.Ordinal) == true)).ToList();
        if (sentLive.Count > 0)
            output.WriteLine($"{sample}: the relay sent the states written before it live too ({string.Join(", ", sentLive)}): stale copies not exercised for them");
        Assert.Equal(stale.Count - sentLive.Count, applied.Count(a => !a.GetProperty("kept").GetBoolean()));
        Assert.All(stale, s => Assert.Contains("newer-live", kept.Single(k => k.Key.EndsWith($" {s}", StringComparison.Ordinal)).Value.GetProperty("data").GetString(), StringComparison.Ordinal));

        // Dead-lettered with reasons, nothing else.
        var dead = topic.Subscription(subscription).DeadLetteredMessages.ToDictionary(m => m.MessageId!, m => m.DeadLetterReason);
        Assert.Equal(new Dictionary<string, string?> { ["hostile-1"] = "InvalidEvent", ["hostile-2"] = "ClaimCheckRefused" }, dead);
        Assert.Equal(0, topic.Subscription(subscription).ActiveCount);
    }

    private static async Task<bool> AllPublishedAsync(StandIns.ServiceBus.ServiceBusStandIn standIn, string topic, params Container[] containers)
    {
        var published = standIn.Topic(topic).AcceptedMessages.Select(PublishedEvent.From).ToList();
        foreach (var container in containers)
        {
            using var iterator = container.GetItemQueryStreamIterator("SELECT c.id, c._lsn FROM c");
            while (iterator.HasMoreResults)
            {
                using var page = await iterator.ReadNextAsync();
                using var json = await JsonDocument.ParseAsync(page.Content);
                foreach (var document in json.RootElement.GetProperty("Documents").EnumerateArray())
                {
                    var (id, lsn) = (document.GetProperty("id").GetString(), document.GetProperty("_lsn").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
                    if (!published.Any(p => p.Entity.EndsWith($"/{container.Id} {id}", StringComparison.Ordinal) && p.Lsn == lsn))
                        return false;
                }
            }
        }

        return true;
    }

    private static async Task<string> DownloadAsync(BlobServiceClient account, string dataRef)
    {
        var blob = new BlobUriBuilder(new Uri(dataRef));
        var content = await account.GetBlobContainerClient(blob.BlobContainerName).GetBlobClient(blob.BlobName).DownloadContentAsync();
        return Encoding.UTF8.GetString(content.Value.Content.ToArray());
    }

    /// <summary>Objects nested <paramref name="levels"/> deep: <c>{"level":{"level":...{"level":0}...}}</c>.</summary>
    private static string Nested(int levels) =>
        new StringBuilder().Insert(0, "{\"level\":", levels - 1).Append("{\"level\":0}").Append('}', levels - 1).ToString();

    /// <summary>Writes through the stream API: the SDK's serializer reads no deeper than 64 levels and rounds big numbers.</summary>
    internal static async Task WriteAsync(Container container, string key, string json)
    {
        using var response = await container.UpsertItemStreamAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), new PartitionKey(key));
        response.EnsureSuccessStatusCode();
    }
}

using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using ChangeFeed.EndToEnd.Tests.Infrastructure;
using ChangeFeed.Envelope;
using ChangeFeed.ServiceBus;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Newtonsoft.Json.Linq;

namespace ChangeFeed.EndToEnd.Tests;

/// <summary>
/// Documents whose events are larger than a Standard topic's 256 KB messages, up to Cosmos DB's 2 MB items: their data
/// goes to Blob Storage (Azurite) before the message that refers to it, and a subscriber decodes them to the document.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed class large_documents_travel_by_claim_check(Targets targets, ITestOutputHelper output)
{
    private static readonly int[] LargeSizes = [300 * 1024, 1900 * 1024];

    [Fact]
    public async Task documents_of_300_KB_and_1_9_MB_are_delivered_in_order_and_decode_to_the_same_data_in_both_content_modes()
    {
        await using var scenario = await Scenario.StartAsync(targets, output, "claimcheck");
        var binary = await scenario.AddRouteAsync("binary", "binary", "/pk", new Dictionary<string, string> { ["EventType"] = Documents.EntityType });
        var structured = await scenario.AddRouteAsync("structured", "structured", "/pk", new Dictionary<string, string> { ["EventType"] = Documents.EntityType + ".s", ["ContentMode"] = "structured" });
        var host = scenario.BuildHost();
        var clock = Stopwatch.StartNew();
        await host.StartAsync();

        // Per container, one key: small, 300 KB, small, 1.9 MB, small; the large ones between small ones of the same entity.
        var written = new Dictionary<string, JObject>();
        foreach (var (container, key) in new[] { (binary, "k000"), (structured, "k001") })
        {
            for (var seq = 1; seq <= 5; seq++)
            {
                var document = seq % 2 == 0 ? Large(key, seq, LargeSizes[seq / 2 - 1]) : Documents.Item(key, seq);
                await container.UpsertItemAsync(document, new PartitionKey(key));
                written[document["id"]!.Value<string>()!] = document;
            }
        }

        await Eventually.HoldsAsync(
            () => scenario.Received.DistinctIds.Count >= written.Count,
            () => $"{scenario.Received.DistinctIds.Count} of {written.Count} events: {string.Join(", ", scenario.Received.All.Select(e => e.Subject))}",
            TimeSpan.FromSeconds(90));
        clock.Stop();
        var figures = Figures.From(written.Keys, scenario.Received, (await scenario.ParkedAsync("binary")).Count + (await scenario.ParkedAsync("structured")).Count, clock, targets.ServiceBusStandIn?.Topic(scenario.Topic).DuplicatesDropped);
        scenario.Print(figures);

        // The sample subscriber's decoding: every event, inline or claim-checked, decodes to the document it came from.
        using var subscriber = scenario.SubscriberServices();
        var decoder = subscriber.GetRequiredService<EnvelopeDecoder>();
        var claimChecked = 0;
        foreach (var message in scenario.Received.Messages)
        {
            var cloudEvent = await decoder.DecodeAsync(message, CancellationToken.None);
            var document = written[cloudEvent.Subject!];
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(document.ToString(Newtonsoft.Json.Formatting.None)), JsonNode.Parse(((JsonElement)cloudEvent.Data!).GetRawText())),
                $"event {cloudEvent.Id} of {cloudEvent.Subject} decodes to other data than the document");
            if (cloudEvent[CloudEventConversion.DataRefAttribute] is Uri dataRef)
            {
                claimChecked++;
                Assert.Equal($"/{scenario.ClaimCheckContainer}/{scenario.Topic}/{cloudEvent.Id}", dataRef.AbsolutePath[dataRef.AbsolutePath.IndexOf($"/{scenario.ClaimCheckContainer}/", StringComparison.Ordinal)..]);
                Assert.True(message.Body.ToMemory().Length < 4096, $"the claim check of {cloudEvent.Subject} carries {message.Body.ToMemory().Length} bytes: its data should be in Blob Storage");
            }
        }

        output.WriteLine($"claim-checked: {claimChecked} of {scenario.Received.Messages.Count} events");
        Assert.Equal(4, claimChecked);
        Assert.Equal(0, figures.Lost);
        Assert.Equal(0, figures.Duplicates);
        Assert.Equal(0, figures.Parked);
        Assert.Equal(written.Count, figures.Delivered);
        foreach (var key in new[] { "k000", "k001" })
            Assert.Equal(Enumerable.Range(1, 5).Select(seq => $"{key}-{seq}"), scenario.Received.All.Where(e => e.SessionId == key).Select(e => e.Subject));
        if (targets.ServiceBusStandIn is { } standIn)
            Assert.DoesNotContain(standIn.Topic(scenario.Topic).AcceptedMessages, m => m.Body.Length > 256 * 1024);
    }

    [Fact]
    public async Task blob_storage_stopped_during_an_upload_loses_nothing_and_the_document_is_delivered_once_it_is_back()
    {
        await using var scenario = await Scenario.StartAsync(targets, output, "claimcheck-outage");
        var items = await scenario.AddRouteAsync("items", "items", "/pk", new Dictionary<string, string> { ["EventType"] = Documents.EntityType });
        var outage = new StopStorageAtFirstUpload(targets, scenario.ClaimCheckContainer);
        var host = scenario.BuildHost(configureServices: services =>
        {
            services.AddSingleton<Relay, CountingRelay>();
            // The host's own claim check client (from CLAIMCHECK, through Microsoft.Extensions.Azure) stops Blob Storage
            // as its first upload goes out; one retry, so that a failed upload reaches the relay in about a second.
            services.Configure<BlobClientOptions>("claimcheck", options =>
            {
                options.Retry.MaxRetries = 1;
                options.Retry.Delay = TimeSpan.FromMilliseconds(200);
                options.AddPolicy(outage, HttpPipelinePosition.PerCall);
            });
        });
        var clock = Stopwatch.StartNew();
        await host.StartAsync();

        await items.UpsertItemAsync(Documents.Item("k000", 1), new PartitionKey("k000"));
        await items.UpsertItemAsync(Large("k000", 2, 300 * 1024), new PartitionKey("k000"));
        for (var seq = 3; seq <= 10; seq++)
            await items.UpsertItemAsync(Documents.Item("k000", seq), new PartitionKey("k000"));
        var expected = Enumerable.Range(1, 10).Select(seq => $"k000-{seq}").ToList();

        var relay = (CountingRelay)host.Services.GetRequiredService<Relay>();
        if (outage.Applies)
        {
            try
            {
                await Eventually.HoldsAsync(() => relay.FailedBatches >= 2, () => $"{relay.FailedBatches} relays failed while Blob Storage is down", TimeSpan.FromSeconds(60));
                Assert.DoesNotContain(scenario.Received.All, e => e.Subject == "k000-2");
                output.WriteLine($"Blob Storage stopped during the upload of {outage.StoppedAt}; {relay.FailedBatches} relays failed, {scenario.Received.DistinctIds.Count} events delivered before it came back");
            }
            finally
            {
                await targets.Storage.StartAgainAsync(); // the other scenarios share it
            }
        }
        else
        {
            output.WriteLine("NOT APPLICABLE against a real storage account: it cannot be stopped; checking the same stream without an outage.");
        }

        await Eventually.HoldsAsync(
            () => scenario.Received.DistinctIds.Count >= expected.Count,
            () => $"{scenario.Received.DistinctIds.Count} of {expected.Count} events after Blob Storage came back",
            TimeSpan.FromSeconds(90));
        await Task.Delay(1000);
        clock.Stop();

        var figures = Figures.From(expected, scenario.Received, (await scenario.ParkedAsync("items")).Count, clock, targets.ServiceBusStandIn?.Topic(scenario.Topic).DuplicatesDropped);
        scenario.Print(figures);
        Assert.Equal(0, figures.Lost);
        Assert.Equal(0, figures.Duplicates);
        Assert.Equal(0, figures.Parked);
        Assert.Equal(expected.Count, figures.Delivered);
        Assert.Equal(expected, scenario.Received.All.Select(e => e.Subject));
        using var subscriber = scenario.SubscriberServices();
        var large = scenario.Received.Messages.Single(m => (string)m.ApplicationProperties["cloudEvents_subject"] == "k000-2");
        var decoded = await subscriber.GetRequiredService<EnvelopeDecoder>().DecodeAsync(large, CancellationToken.None);
        Assert.Equal(300 * 1024, ((JsonElement)decoded.Data!).GetProperty("blob").GetString()!.Length);
    }

    /// <summary>Document <c>seq</c> of <paramref name="key"/> with a <c>blob</c> of <paramref name="bytes"/> characters.</summary>
    private static JObject Large(string key, int seq, int bytes) => Documents.Item(key, seq, d => d["blob"] = new string('x', bytes));

    /// <summary>Stops Azurite when the first blob upload to the claim check container goes out, so that it fails mid-relay.</summary>
    private sealed class StopStorageAtFirstUpload(Targets targets, string container) : HttpPipelinePolicy
    {
        private int stopped;

        public bool Applies => targets.Storage.IsEmulator;

        public string? StoppedAt { get; private set; }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (Applies && message.Request.Method == RequestMethod.Put && message.Request.Uri.Path.Contains($"/{container}/", StringComparison.Ordinal)
                && Interlocked.Exchange(ref stopped, 1) == 0)
            {
                StoppedAt = message.Request.Uri.Path;
                await targets.Storage.StopAsync();
            }

            await ProcessNextAsync(message, pipeline);
        }
    }
}

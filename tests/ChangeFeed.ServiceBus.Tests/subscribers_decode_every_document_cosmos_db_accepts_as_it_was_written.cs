using System.Globalization;
using System.Text.Json;
using ChangeFeed.Envelope;
using ChangeFeed.Routing;
using CloudNative.CloudEvents;
using FsCheck;
using FsCheck.Fluent;
using ContentMode = ChangeFeed.Configuration.ContentMode;

namespace ChangeFeed.ServiceBus.Tests;

/// <summary>
/// For any document Cosmos DB accepts (<see cref="GeneratedDocuments"/>), routing and encoding never throw, and the
/// data a subscriber decodes with <see cref="EnvelopeDecoder"/> is the document without its system properties:
/// the same values, numbers literally the same, in both content modes, inline or by claim check (Azurite).
/// </summary>
public sealed class subscribers_decode_every_document_cosmos_db_accepts_as_it_was_written(AzuriteContainer azurite) : IClassFixture<AzuriteContainer>
{
    /// <summary>
    /// Cases per run: 300 in CI, each in both content modes (on average 15 documents nested 1 to 128 levels, half of
    /// them 100 or more, and 12 of 64 KB to 1.9 MB, 3 of them over 1 MB; about 3 s in all). Set
    /// <c>CHANGEFEED_PROPERTY_CASES</c> for more: 10,000 passed (31 s) before this was committed.
    /// </summary>
    private static readonly int Cases =
        int.TryParse(Environment.GetEnvironmentVariable("CHANGEFEED_PROPERTY_CASES"), NumberStyles.None, CultureInfo.InvariantCulture, out var cases) ? cases : 300;

    private static readonly Route Route = Core.Tests.Changes.Route(options => options.PartitionKeyPath = "/pk");

    /// <summary>Cases of the claim check path: each event's data is uploaded to Azurite and read back, so fewer (a sixth).</summary>
    private static readonly int ClaimCheckCases = Math.Max(1, Cases / 6);

    private readonly Router router = new();
    private readonly EnvelopeEncoder encoder = new();
    private readonly EnvelopeDecoder decoder = new();

    [Fact]
    public void in_binary_and_structured_mode_inline()
    {
        // The path an event takes to a subscriber; the claim check (large events by blob) is another such path.
        CloudEvent Inline(IntegrationEvent integrationEvent) => decoder.Decode(Received.From(encoder.Encode(integrationEvent)));

        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(Cases),
            Prop.ForAll(Arb.From(GeneratedDocuments.Document), json => DecodedDataIsTheDocument(json, Inline)));
    }

    [Fact]
    public void in_binary_and_structured_mode_by_claim_check()
    {
        // Messages of 2 KB, and every document given 2 KB more: each one travels by claim check, whatever its shape.
        var client = new FakeServiceBusClient(2 * 1024);
        var publisher = new ServiceBusPublisher(client, encoder, new ClaimCheck(encoder, azurite.Store));
        var claimChecked = new EnvelopeDecoder(azurite.Store);
        CloudEvent ByClaimCheck(IntegrationEvent integrationEvent)
        {
            var sent = client.Sent.Count;
            var result = publisher.PublishAsync([integrationEvent], CancellationToken.None).GetAwaiter().GetResult();
            Assert.Equal(1, result.Published);
            return claimChecked.DecodeAsync(Received.From(client.Sent[sent].Message), CancellationToken.None).GetAwaiter().GetResult();
        }

        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(ClaimCheckCases),
            Prop.ForAll(Arb.From(GeneratedDocuments.Document), json => DecodedDataIsTheDocument(json.Insert(1, $"\"padding\":\"{new string('x', 2048)}\","), ByClaimCheck)));
        var binary = client.Sent.Where(sent => sent.Message.ContentType != EnvelopeEncoder.StructuredContentType).ToList();
        Assert.NotEmpty(binary);
        Assert.All(binary, sent => Assert.True(sent.Message.ApplicationProperties.ContainsKey(EnvelopeEncoder.Prefix + CloudEventConversion.DataRefAttribute.Name)));
        Assert.All(client.Sent, sent => Assert.True(sent.Message.Body.ToMemory().Length < 2 * 1024));
    }

    private bool DecodedDataIsTheDocument(string json, Func<IntegrationEvent, CloudEvent> deliver)
    {
        using var document = JsonDocument.Parse(json, DocumentLimits.DocumentOptions);
        var outcome = router.Route(Route, document.RootElement);
        var routed = Assert.Single(outcome.Events);
        foreach (var mode in new[] { ContentMode.Binary, ContentMode.Structured })
        {
            var decoded = deliver(routed with { ContentMode = mode });
            var data = Assert.IsType<JsonElement>(decoded.Data);
            var expected = document.RootElement.EnumerateObject().Where(p => !GeneratedDocuments.SystemProperties.Contains(p.Name)).ToList();
            var actual = data.EnumerateObject().ToList();
            Assert.Equal(expected.Select(p => p.Name), actual.Select(p => p.Name));
            for (var i = 0; i < expected.Count; i++)
                AssertSameValue(expected[i].Value, actual[i].Value, $"{mode} ${expected[i].Name}");
        }

        return true;
    }

    /// <summary>Value-equal: same kinds, names and strings (as unescaped), items in order; numbers literally the same.</summary>
    private static void AssertSameValue(JsonElement expected, JsonElement actual, string path)
    {
        Assert.True(expected.ValueKind == actual.ValueKind, $"{path}: {actual.ValueKind} instead of {expected.ValueKind}");
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var expectedProperties = expected.EnumerateObject().ToList();
                var actualProperties = actual.EnumerateObject().ToList();
                Assert.Equal(expectedProperties.Select(p => p.Name), actualProperties.Select(p => p.Name));
                for (var i = 0; i < expectedProperties.Count; i++)
                    AssertSameValue(expectedProperties[i].Value, actualProperties[i].Value, $"{path}.{expectedProperties[i].Name}");
                break;
            case JsonValueKind.Array:
                Assert.Equal(expected.GetArrayLength(), actual.GetArrayLength());
                foreach (var (item, index) in expected.EnumerateArray().Zip(actual.EnumerateArray()).Select((pair, index) => (pair, index)))
                    AssertSameValue(item.First, item.Second, $"{path}[{index}]");
                break;
            case JsonValueKind.String:
                Assert.True(expected.GetString() == actual.GetString(), $"{path}: the string differs");
                break;
            case JsonValueKind.Number:
                Assert.Equal(expected.GetRawText(), actual.GetRawText());
                break;
        }
    }
}

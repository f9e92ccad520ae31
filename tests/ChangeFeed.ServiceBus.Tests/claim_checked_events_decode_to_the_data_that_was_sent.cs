using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ChangeFeed.BlobStorage;
using ChangeFeed.Envelope;
using ChangeFeed.StandIns.Azurite;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ContentMode = ChangeFeed.Configuration.ContentMode;

namespace ChangeFeed.ServiceBus.Tests;

/// <summary>Azurite for the class: the claim check round trip goes through the real Blob Storage client.</summary>
public sealed class AzuriteContainer : IAsyncLifetime
{
    private Azurite? azurite;

    public BlobClaimCheckStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        azurite = await Azurite.StartAsync();
        Store = new BlobClaimCheckStore(await azurite.CreateContainerAsync("claims-" + Guid.NewGuid().ToString("N")[..12]));
    }

    public async Task DisposeAsync()
    {
        if (azurite is not null)
            await azurite.DisposeAsync();
    }
}

/// <summary>
/// Events of every JSON shape and size, in both content modes, published through the real publisher to a topic whose
/// messages are small (4 KB, so that most events travel by claim check), their data stored in Blob Storage (Azurite),
/// then decoded as a subscriber decodes them: the data decoded is byte for byte the data sent, in the order sent.
/// </summary>
public sealed class claim_checked_events_decode_to_the_data_that_was_sent(AzuriteContainer azurite) : IClassFixture<AzuriteContainer>
{
    private const long Limit = 4 * 1024;

    [Property(MaxTest = 100, Arbitrary = [typeof(Generators)])]
    public Property in_both_content_modes(Batch batch)
    {
        var publishable = batch.Events.Select((e, i) => e.ToEvent(i)).ToList();
        var client = new FakeServiceBusClient(Limit);
        var encoder = new EnvelopeEncoder();
        var publisher = new ServiceBusPublisher(client, encoder, new ClaimCheck(encoder, azurite.Store));
        var decoder = new EnvelopeDecoder(azurite.Store);

        var result = publisher.PublishAsync(publishable, CancellationToken.None).GetAwaiter().GetResult();
        var decoded = client.Sent.Select(s => (s.Topic, Event: decoder.DecodeAsync(Received.From(s.Message), CancellationToken.None).GetAwaiter().GetResult())).ToList();

        var inOrder = publishable.GroupBy(e => e.Topic).All(topic => topic.Select(e => e.Id).SequenceEqual(decoded.Where(d => d.Topic == topic.Key).Select(d => d.Event.Id)));
        var sameData = decoded.Count == publishable.Count && publishable.All(e =>
            Encoding.UTF8.GetString(e.Data.Span) == ((JsonElement)decoded.Single(d => d.Event.Id == e.Id).Event.Data!).GetRawText());
        var claimChecked = decoded.Count(d => d.Event[CloudEventConversion.DataRefAttribute] is not null);
        return (result.Rejected.Count == 0 && result.Published == publishable.Count && inOrder && sameData)
            .Label($"published {result.Published} of {publishable.Count}, rejected {result.Rejected.Count}, in order {inOrder}, same data {sameData}")
            .Classify(claimChecked > 0, "some travelled by claim check")
            .Classify(claimChecked < decoded.Count, "some travelled inline");
    }

    /// <summary>What one publish call gets: one to eight events.</summary>
    public sealed record Batch(IReadOnlyList<Published> Events)
    {
        public override string ToString() => string.Join(Environment.NewLine, Events);
    }

    /// <summary>One event to publish: its JSON data, content mode, topic and session.</summary>
    public sealed record Published(string Json, ContentMode Mode, int Topic, int Session)
    {
        public IntegrationEvent ToEvent(int index) =>
            new($"event-{index}-{Guid.NewGuid():N}", "/cosmos/test/db/items", "com.contoso.item.upserted", $"item-{index}", DateTimeOffset.UnixEpoch,
                Encoding.UTF8.GetBytes(Json), $"pk-{Session}", $"topic-{Topic}", Mode);

        public override string ToString() => $"{Mode} topic-{Topic} pk-{Session} {Json.Length} chars: {(Json.Length > 120 ? Json[..120] + "…" : Json)}";
    }

    public static class Generators
    {
        private static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        public static Arbitrary<Batch> Batches() =>
            (from count in Gen.Choose(1, 8)
             from events in Event().ArrayOf(count)
             select new Batch(events)).ToArbitrary();

        private static Gen<Published> Event() =>
            from json in Document()
            from mode in Gen.Elements(ContentMode.Binary, ContentMode.Structured)
            from topic in Gen.Choose(0, 1)
            from session in Gen.Choose(0, 3)
            select new Published(json, mode, topic, session);

        /// <summary>An object of every JSON value kind, nested a few levels, padded to anywhere from a few bytes to 40 KB.</summary>
        private static Gen<string> Document() =>
            from value in Value(3)
            from padding in Gen.OneOf(Gen.Constant(0), Gen.Choose(0, 3000), Gen.Choose(3000, 40_000))
            from pad in Gen.Elements("x", "é", "\"", "\\", "\n", "🚚")
            select Write(writer =>
            {
                writer.WriteStartObject();
                writer.WritePropertyName("value");
                value(writer);
                writer.WriteString("padding", string.Concat(Enumerable.Repeat(pad, padding / pad.Length)));
                writer.WriteEndObject();
            });

        private static Gen<Action<Utf8JsonWriter>> Value(int depth)
        {
            var leaves = Gen.OneOf(
                Gen.Constant<Action<Utf8JsonWriter>>(w => w.WriteNullValue()),
                ArbMap.Default.GeneratorFor<bool>().Select<bool, Action<Utf8JsonWriter>>(b => w => w.WriteBooleanValue(b)),
                ArbMap.Default.GeneratorFor<string>().Where(s => s is not null).Select<string, Action<Utf8JsonWriter>>(s => w => w.WriteStringValue(Scalars(s))),
                Gen.Elements("0", "-0.0", "1e400", "123456789012345678901234567890", "3.14159265358979323846264338327950288", "-1E-7")
                    .Select<string, Action<Utf8JsonWriter>>(n => w => w.WriteRawValue(n)));
            if (depth == 0)
                return leaves;

            var child = Value(depth - 1);
            var array = child.ListOf().Select<List<Action<Utf8JsonWriter>>, Action<Utf8JsonWriter>>(items => w =>
            {
                w.WriteStartArray();
                foreach (var item in items)
                    item(w);
                w.WriteEndArray();
            });
            var obj = Gen.Zip(ArbMap.Default.GeneratorFor<string>().Where(s => s is not null), child).ListOf()
                .Select<List<(string Name, Action<Utf8JsonWriter> Value)>, Action<Utf8JsonWriter>>(members => w =>
                {
                    w.WriteStartObject();
                    foreach (var (name, value) in members.DistinctBy(m => Scalars(m.Name)))
                    {
                        w.WritePropertyName(Scalars(name));
                        value(w);
                    }

                    w.WriteEndObject();
                });
            return Gen.Frequency((3, leaves), (1, array), (1, obj));
        }

        /// <summary>Lone surrogates are not text: JSON writers refuse them, so they become U+FFFD.</summary>
        private static string Scalars(string value) =>
            new(value.Select((c, i) => char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                && !(char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(value[i - 1])) ? '\uFFFD' : c).ToArray());

        private static string Write(Action<Utf8JsonWriter> write)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, Writer))
                write(writer);
            return Encoding.UTF8.GetString(stream.ToArray());
        }
    }
}

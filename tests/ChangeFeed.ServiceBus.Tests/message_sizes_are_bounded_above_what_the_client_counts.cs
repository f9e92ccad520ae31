using System.Diagnostics;
using Azure.Messaging.ServiceBus;
using ChangeFeed.Envelope;
using ChangeFeed.ServiceBus.Internal;
using ChangeFeed.Testing;
using FsCheck;
using FsCheck.Fluent;

namespace ChangeFeed.ServiceBus.Tests;

/// <summary>
/// The publisher sizes lists without encoding (decision 0029): its bound must never be below what the Service Bus
/// client itself counts (its converter and encoding, its batch, the envelope its send checks against the link's limit),
/// for messages as the encoder makes them and beyond; and it must be tight enough to fill batches.
/// </summary>
public sealed class message_sizes_are_bounded_above_what_the_client_counts
{
    private const int Runs = 150;

    private static readonly EnvelopeEncoder Encoder = new();

    [Fact]
    public void the_bound_of_encoded_events_is_never_below_the_client_s_own_size()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Runs), Prop.ForAll(Arb.From(GeneratedMessages.Event), e => Bounded(Encoder.Encode(e))));
    }

    [Fact]
    public void the_bound_of_any_message_the_client_maps_is_never_below_the_client_s_own_size()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Runs), Prop.ForAll(Arb.From(GeneratedMessages.Message), Bounded));
    }

    [Fact]
    public void the_bound_of_a_list_is_never_below_the_envelope_the_client_checks_on_send()
    {
        var lists = Gen.Choose(2, 6).SelectMany(n => Gen.ArrayOf(Gen.OneOf(GeneratedMessages.Event.Select(Encoder.Encode), GeneratedMessages.Message), n));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Runs / 3), Prop.ForAll(Arb.From(lists), messages =>
        {
            var bound = EncodedSize.Envelope(messages[0]) + messages.Sum(m => EncodedSize.InBatch(m, traceContext: null)!.Value);
            var client = ClientAmqp.EnvelopeSize(messages);
            Assert.True(bound >= client, $"bound {bound} < the client's envelope {client}");
        }));
    }

    [Fact]
    public void the_trace_context_the_client_adds_under_an_activity_is_counted()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Runs / 3), Prop.ForAll(Arb.From(GeneratedMessages.Message), GeneratedMessages.Text(200).ToArbitrary(), (message, traceState) =>
        {
            using var activity = new Activity("publish").SetIdFormat(ActivityIdFormat.W3C);
            activity.TraceStateString = traceState.Length == 0 ? null : traceState;
            activity.Start();
            var bound = EncodedSize.InBatch(message, TraceContext.For(Activity.Current, clientStartsActivities: false))!.Value;

            ClientAmqp.Instrument([message]);

            Assert.True(message.ApplicationProperties.ContainsKey(TraceContext.DiagnosticId));
            var client = ClientAmqp.EncodedSize(message);
            Assert.True(bound >= client + EncodedSize.DataSectionPrefix(client), $"bound {bound} < the client's {client} after it added trace context");
        }));
    }

    [Theory]
    [InlineData(256 * 1024, 1200)]
    [InlineData(1024 * 1024, 1200)]
    public void a_batch_of_1_2_kb_events_sized_by_the_bound_holds_at_least_90_percent_of_what_the_client_s_batch_holds(long limit, int dataBytes)
    {
        var messages = Enumerable.Range(0, 2000).Select(i => Encoder.Encode(TestEvents.Event(i, "orders-cdc", $"customer-{i % 97}", dataBytes) with { Lsn = 1000 + i })).ToList();

        using var batch = ClientAmqp.NewTransportBatch(limit);
        var exact = messages.TakeWhile(m => ClientAmqp.TryAdd(batch, m)).Count();
        var size = EncodedSize.Envelope(messages[0]);
        var bounded = messages.TakeWhile(m => (size += EncodedSize.InBatch(m, traceContext: null)!.Value) <= limit).Count();

        Assert.InRange(exact, 100, messages.Count - 1);
        Assert.InRange(bounded, (int)Math.Ceiling(exact * 0.9), exact + 1);
    }

    /// <summary>
    /// What the message adds to a batch is at least its encoding and data section prefix; alone, at least what the
    /// client's empty batch counts for it; and an envelope of it alone at least what the send checks.
    /// </summary>
    private static void Bounded(ServiceBusMessage message)
    {
        var inBatch = EncodedSize.InBatch(message, traceContext: null);
        Assert.True(inBatch.HasValue, "every value the client maps is modelled");
        var encoded = ClientAmqp.EncodedSize(message);
        Assert.True(inBatch >= encoded + EncodedSize.DataSectionPrefix(encoded), $"bound {inBatch} < the client's {encoded} and its prefix");
        var alone = EncodedSize.Envelope(message) + inBatch.Value + 8;
        Assert.True(alone >= ClientAmqp.SizeAlone(message), $"bound alone {alone} < the client's batch of it alone {ClientAmqp.SizeAlone(message)}");
        // Loose only by the header at its widest, a symbol's non-ASCII characters, and the wider list or map size that
        // such a surplus may choose.
        Assert.True(inBatch <= encoded + 8 + 24, $"bound {inBatch} is loose against the client's {encoded}");
    }
}

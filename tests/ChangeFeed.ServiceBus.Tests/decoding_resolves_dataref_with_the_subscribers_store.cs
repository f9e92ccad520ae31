using System.Text;
using ChangeFeed.Envelope;
using ContentMode = ChangeFeed.Configuration.ContentMode;

namespace ChangeFeed.ServiceBus.Tests;

public sealed class decoding_resolves_dataref_with_the_subscribers_store
{
    private static readonly Uri DataRef = new("https://stlarge.blob.core.windows.net/large-events/topic/id-1");

    private static readonly IntegrationEvent Reference = new("id-1", "urn:test", "t.upserted", "s", DateTimeOffset.UnixEpoch, ReadOnlyMemory<byte>.Empty, "pk", "topic")
    {
        DataRef = DataRef,
    };

    [Theory]
    [InlineData(ContentMode.Binary)]
    [InlineData(ContentMode.Structured)]
    public void decode_without_io_refuses_a_claim_check_and_names_DecodeAsync(ContentMode mode)
    {
        var message = Received.From(new EnvelopeEncoder().Encode(Reference with { ContentMode = mode }));

        var error = Assert.Throws<InvalidOperationException>(() => new EnvelopeDecoder(new MemoryClaimCheckStore()).Decode(message));

        Assert.Contains($"carries its data at dataref {DataRef} (claim check): decode it with DecodeAsync", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_subscriber_without_a_store_is_told_to_configure_one()
    {
        var message = Received.From(new EnvelopeEncoder().Encode(Reference));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new EnvelopeDecoder().DecodeAsync(message, CancellationToken.None));

        Assert.Contains("has no claim check store to read it from", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task data_that_is_no_longer_stored_is_named_as_expired()
    {
        var message = Received.From(new EnvelopeEncoder().Encode(Reference));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new EnvelopeDecoder(new MemoryClaimCheckStore()).DecodeAsync(message, CancellationToken.None));

        Assert.Contains("where nothing is stored: it expired after the claim check retention", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_store_failure_a_retry_may_fix_comes_through_as_it_is()
    {
        var message = Received.From(new EnvelopeEncoder().Encode(Reference));

        await Assert.ThrowsAsync<TimeoutException>(() => new EnvelopeDecoder(new FailingStore()).DecodeAsync(message, CancellationToken.None));
    }

    [Fact]
    public async Task an_event_with_its_data_inline_needs_no_store()
    {
        var inline = Reference with { DataRef = null, Data = Encoding.UTF8.GetBytes("""{"a":1}""") };

        var decoded = await new EnvelopeDecoder().DecodeAsync(Received.From(new EnvelopeEncoder().Encode(inline)), CancellationToken.None);

        Assert.Equal("""{"a":1}""", decoded.Data!.ToString());
        Assert.Null(decoded[CloudEventConversion.DataRefAttribute]);
    }

    private sealed class FailingStore : Publishing.IClaimCheckStore
    {
        public Task<Uri> StoreAsync(IntegrationEvent integrationEvent, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<ReadOnlyMemory<byte>?> ReadAsync(Uri dataRef, CancellationToken cancellationToken) => throw new TimeoutException("storage timed out (test)");
    }
}

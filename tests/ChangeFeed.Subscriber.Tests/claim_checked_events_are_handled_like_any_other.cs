using ChangeFeed.Configuration;
using ChangeFeed.Envelope;
using ChangeFeed.Publishing;
using ChangeFeed.ServiceBus;

namespace ChangeFeed.Subscriber.Tests;

/// <summary>
/// An event whose data travelled by claim check reaches the handlers with its data, read through <c>dataref</c>; data
/// that expired is dead-lettered at once with the reason; a store that fails now is retried.
/// </summary>
public sealed class claim_checked_events_are_handled_like_any_other
{
    [Theory]
    [InlineData(ContentMode.Binary)]
    [InlineData(ContentMode.Structured)]
    public async Task its_data_is_read_from_the_store_and_handled_once(ContentMode mode)
    {
        var store = new Store();
        var subscriber = new Subscriber(claimCheck: store);
        var placed = Messages.Event("evt-1", Orders.OrderEvents.Placed, "order-7", new Orders.OrderPlaced("order-7", "customer-42", 25.5m, 2), mode);

        await subscriber.SettleAsync(await store.ClaimCheckAsync(placed));

        Assert.Equal("complete", Assert.Single(subscriber.Receiver.Settled).Outcome);
        Assert.Contains("summary-order-7", subscriber.Memory.Documents.Keys);
    }

    [Fact]
    public async Task data_that_expired_is_dead_lettered_at_once_saying_so()
    {
        var store = new Store();
        var subscriber = new Subscriber(claimCheck: store);
        var message = await store.ClaimCheckAsync(Messages.Event("evt-1", Orders.OrderEvents.Placed, "order-7", new Orders.OrderPlaced("order-7", "c", 1m, 1), ContentMode.Binary));
        store.Data.Clear();

        await subscriber.SettleAsync(message);

        var settled = Assert.Single(subscriber.Receiver.Settled);
        Assert.Equal(("deadletter", "InvalidEvent"), (settled.Outcome, settled.Reason));
        Assert.Contains("expired after the claim check retention", settled.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_store_that_fails_now_is_retried()
    {
        var store = new Store();
        var subscriber = new Subscriber(claimCheck: store);
        var message = await store.ClaimCheckAsync(Messages.Event("evt-1", Orders.OrderEvents.Placed, "order-7", new Orders.OrderPlaced("order-7", "c", 1m, 1), ContentMode.Binary));
        store.Failing = true;

        await subscriber.SettleAsync(message);

        Assert.Equal("abandon", Assert.Single(subscriber.Receiver.Settled).Outcome);
        Assert.Empty(subscriber.Memory.Documents);
    }

    private sealed class Store : IClaimCheckStore
    {
        public Dictionary<Uri, byte[]> Data { get; } = [];

        public bool Failing { get; set; }

        /// <summary>What the relay sends for an event too large for its topic: its data stored, the message referring to it.</summary>
        public async Task<Azure.Messaging.ServiceBus.ServiceBusReceivedMessage> ClaimCheckAsync(IntegrationEvent integrationEvent)
        {
            var message = await new ClaimCheck(new EnvelopeEncoder(), this).ReferToAsync(integrationEvent, CancellationToken.None);
            return Messages.From(message!);
        }

        public Task<Uri> StoreAsync(IntegrationEvent integrationEvent, CancellationToken cancellationToken)
        {
            var dataRef = new Uri($"https://stlarge.blob.core.windows.net/large-events/{integrationEvent.Topic}/{integrationEvent.Id}");
            Data[dataRef] = integrationEvent.Data.ToArray();
            return Task.FromResult(dataRef);
        }

        public Task<ReadOnlyMemory<byte>?> ReadAsync(Uri dataRef, CancellationToken cancellationToken) =>
            Failing ? throw new TimeoutException("blob storage timed out (test)")
                : Task.FromResult(Data.TryGetValue(dataRef, out var data) ? new ReadOnlyMemory<byte>(data) : (ReadOnlyMemory<byte>?)null);
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using ChangeFeed.Envelope;
using ChangeFeed.Parking;
using ChangeFeed.Publishing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChangeFeed.Functions.Tests;

/// <summary>The function method called directly, with the real relay from the Function App's DI and a fake publisher.</summary>
public sealed class relay_function_hands_the_batch_to_the_relay : IDisposable
{
    private readonly RecordingPublisher publisher = new();
    private readonly InMemoryParkingLot parkingLot = new();
    private readonly IHost host;

    public relay_function_hands_the_batch_to_the_relay() =>
        host = TestSettings.FunctionApp(TestSettings.Valid(), builder =>
        {
            builder.Services.AddSingleton<IEventPublisher>(publisher);
            builder.Services.AddSingleton<IParkingLot>(parkingLot);
        });

    private RelayFunctions Functions => ActivatorUtilities.CreateInstance<RelayFunctions>(host.Services);

    public void Dispose() => host.Dispose();

    [Fact]
    public async Task events_are_handed_over_in_change_feed_order()
    {
        await Functions.RelayDocumentChanges(Batch(Change("order-1", 10), Change("order-2", 11), Change("order-1", 12)), CancellationToken.None);

        Assert.Equal([("order-1", 10L), ("order-2", 11L), ("order-1", 12L)], publisher.Published.Select(e => (e.Subject, e.Lsn)));
        Assert.All(publisher.Published, e => Assert.Equal("orders", e.Topic));
        Assert.All(publisher.Published, e => Assert.Equal("order.upserted", e.Type));
    }

    [Fact]
    public async Task a_publish_failure_propagates_so_the_retry_policy_holds_the_checkpoint()
    {
        publisher.FailWith = new TimeoutException("Service Bus unavailable");

        var failure = await Assert.ThrowsAsync<TimeoutException>(() => Functions.RelayDocumentChanges(Batch(Change("order-1", 10)), CancellationToken.None));

        Assert.Equal("Service Bus unavailable", failure.Message);
        Assert.Empty(parkingLot.Parked);
    }

    [Fact]
    public async Task a_publish_failure_still_fails_the_invocation_after_the_worker_is_told_to_stop()
    {
        // In drain mode the trigger checkpoints whatever ends an invocation, so the relay never trades a failed batch
        // for a completed one because the host is going away (docs/decisions/0015).
        publisher.FailWith = new TimeoutException("Service Bus unavailable");
        host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        await Assert.ThrowsAsync<TimeoutException>(() => Functions.RelayDocumentChanges(Batch(Change("order-1", 10)), CancellationToken.None));
        Assert.Empty(publisher.Published);
        Assert.Empty(parkingLot.Parked);
    }

    [Fact]
    public async Task a_poison_document_is_parked_and_the_rest_is_published()
    {
        await Functions.RelayDocumentChanges(Batch(Change("order-1", 10), Change("order-2", 11, type: null), Change("order-3", 12)), CancellationToken.None);

        Assert.Equal(["order-1", "order-3"], publisher.Published.Select(e => e.Subject));
        var parked = Assert.Single(parkingLot.Parked);
        Assert.Equal("order-2", parked.DocumentId);
        Assert.Equal("orders", parked.Route);
        Assert.Equal(11, parked.Lsn);
    }

    [Fact]
    public async Task cancellation_reaches_the_publisher()
    {
        using var cancellation = new CancellationTokenSource();

        await Functions.RelayDocumentChanges(Batch(Change("order-1", 10)), cancellation.Token);

        Assert.Equal(cancellation.Token, publisher.LastToken);
    }

    private static JsonObject Change(string id, long lsn, string? type = "order")
    {
        var document = new JsonObject { ["id"] = id, ["customerId"] = "customer-1", ["_lsn"] = lsn, ["_ts"] = 1_764_000_000 };
        if (type is not null)
            document["type"] = type;
        return document;
    }

    /// <summary>A batch as the host sends it to a trigger bound to <c>string</c>: the documents as one JSON array.</summary>
    private static string Batch(params JsonObject[] documents) => new JsonArray([.. documents]).ToJsonString();

    private sealed class RecordingPublisher : IEventPublisher
    {
        public List<IntegrationEvent> Published { get; } = [];

        public Exception? FailWith { get; set; }

        public CancellationToken LastToken { get; private set; }

        public Task<PublishResult> PublishAsync(IReadOnlyList<IntegrationEvent> events, CancellationToken cancellationToken)
        {
            LastToken = cancellationToken;
            if (FailWith is { } failure)
                throw failure;
            Published.AddRange(events);
            return Task.FromResult(new PublishResult(events.Count, 1, []));
        }
    }
}

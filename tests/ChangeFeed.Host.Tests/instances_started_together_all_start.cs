using System.Net;
using ChangeFeed.Host.Processing;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChangeFeed.Host.Tests;

/// <summary>
/// Instances started together on a new lease container race to initialize it, and the SDK lets the loser fail with
/// 409 Conflict (measured end to end: one of three hosts started together exited at start). The host starts a new
/// processor once more; anything else still stops it.
/// </summary>
public sealed class instances_started_together_all_start
{
    [Fact]
    public async Task a_conflict_while_the_leases_are_initialized_starts_a_new_processor()
    {
        var first = new FakeProcessor(new CosmosException("Resource with specified id already exists.", HttpStatusCode.Conflict, 0, "", 0));
        var second = new FakeProcessor();
        var made = new Queue<FakeProcessor>([first, second]);

        var started = await ProcessorStart.StartAsync("orders", made.Dequeue, NullLogger.Instance);

        Assert.Same(second, started);
        Assert.True(second.Started);
    }

    [Fact]
    public async Task any_other_failure_or_a_second_conflict_is_thrown()
    {
        var conflict = new CosmosException("conflict", HttpStatusCode.Conflict, 0, "", 0);
        var unavailable = new CosmosException("unavailable", HttpStatusCode.ServiceUnavailable, 0, "", 0);

        await Assert.ThrowsAsync<CosmosException>(() => ProcessorStart.StartAsync("orders", () => new FakeProcessor(unavailable), NullLogger.Instance));
        var thrown = await Assert.ThrowsAsync<CosmosException>(() => ProcessorStart.StartAsync("orders", () => new FakeProcessor(conflict), NullLogger.Instance));
        Assert.Equal(HttpStatusCode.Conflict, thrown.StatusCode);
    }

    private sealed class FakeProcessor(Exception? failure = null) : ChangeFeedProcessor
    {
        public bool Started { get; private set; }

        public override Task StartAsync()
        {
            if (failure is not null)
                return Task.FromException(failure);
            Started = true;
            return Task.CompletedTask;
        }

        public override Task StopAsync() => Task.CompletedTask;
    }
}

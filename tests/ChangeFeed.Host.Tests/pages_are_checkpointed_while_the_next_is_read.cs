using System.Net;
using ChangeFeed.Host.Processing;
using FsCheck;
using FsCheck.Xunit;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChangeFeed.Host.Tests;

/// <summary>
/// <see cref="ReadAhead"/>: the change feed handler returns only once its page was relayed (retried in place), the
/// page's checkpoint is written behind while the processor reads the next page, and the next page is relayed once that
/// checkpoint is in: at most the page being relayed is ever published past a lease's checkpoint.
/// </summary>
public sealed class pages_are_checkpointed_while_the_next_is_read
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task the_handler_returns_only_once_its_page_was_relayed_so_a_split_never_skips_a_page_in_flight()
    {
        // After a split the SDK starts the halves from the continuation after the last page whose handler returned:
        // that page must have gone out by then (docs/decisions/0012-read-ahead-stops-at-the-relay.md).
        var gate = new TaskCompletionSource();
        var relay = new ScriptedRelay((page, _, ct) => page == 1 ? gate.Task.WaitAsync(ct) : Task.CompletedTask);
        using var readAhead = new ReadAhead(relay, NullLogger<ReadAhead>.Instance);

        var handler = readAhead.HandOverAsync("orders", "0", ScriptedRelay.Page(1), relay.Checkpoint(1), CancellationToken.None);
        await relay.UntilAsync("relay 1");
        await Task.Delay(100);

        Assert.False(handler.IsCompleted, "the handler returned while its page was still being relayed");
        gate.SetResult();
        await handler.WaitAsync(Soon);
        Assert.Contains("relayed 1", relay.Log);
        await relay.UntilAsync("checkpoint 1");
    }

    [Fact]
    public async Task the_handler_returns_before_its_checkpoint_is_written_and_the_next_page_is_relayed_after_it()
    {
        var slowCheckpoint = new TaskCompletionSource();
        var relay = new ScriptedRelay();
        using var readAhead = new ReadAhead(relay, NullLogger<ReadAhead>.Instance);

        await readAhead.HandOverAsync("orders", "0", ScriptedRelay.Page(1), relay.Checkpoint(1, () => slowCheckpoint.Task), CancellationToken.None).WaitAsync(Soon);
        var second = readAhead.HandOverAsync("orders", "0", ScriptedRelay.Page(2), relay.Checkpoint(2), CancellationToken.None);
        await Task.Delay(100);

        Assert.DoesNotContain("relay 2", relay.Log); // page 2 was read; it goes out once page 1's checkpoint is in
        slowCheckpoint.SetResult();
        await second.WaitAsync(Soon);
        await relay.UntilAsync("checkpoint 2");
        Assert.Equal([1, 2], relay.Checkpoints);
        Assert.True(relay.Log.ToList().IndexOf("checkpoint 1") < relay.Log.ToList().IndexOf("relay 2"));
    }

    [Fact]
    public async Task a_failed_relay_is_retried_in_place_before_the_handler_returns()
    {
        var relay = new ScriptedRelay((page, attempt, _) => page == 1 && attempt < 3 ? throw new RelayFailedException("broker down") : Task.CompletedTask);
        using var readAhead = new ReadAhead(relay, NullLogger<ReadAhead>.Instance);

        await readAhead.HandOverAsync("orders", "0", ScriptedRelay.Page(1), relay.Checkpoint(1), CancellationToken.None).WaitAsync(Soon);
        await readAhead.HandOverAsync("orders", "0", ScriptedRelay.Page(2), relay.Checkpoint(2), CancellationToken.None).WaitAsync(Soon);
        await relay.UntilAsync("checkpoint 2");

        Assert.Equal(
            ["relay 1", "failed 1", "relay 1", "failed 1", "relay 1", "relayed 1", "relay 2", "relayed 2"],
            relay.Log.Where(e => !e.StartsWith("checkpoint", StringComparison.Ordinal)));
        Assert.Equal([1, 2], relay.Checkpoints);
    }

    [Fact]
    public async Task stopping_gives_up_the_page_being_relayed_without_a_checkpoint_and_refuses_new_pages()
    {
        var relay = new ScriptedRelay((_, _, ct) => Task.Delay(Timeout.Infinite, ct));
        using var readAhead = new ReadAhead(relay, NullLogger<ReadAhead>.Instance);
        var handler = readAhead.HandOverAsync("orders", "0", ScriptedRelay.Page(1), relay.Checkpoint(1), CancellationToken.None);
        await relay.UntilAsync("relay 1");

        await readAhead.StopAsync().WaitAsync(Soon);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => handler.WaitAsync(Soon));
        Assert.Empty(relay.Checkpoints);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => readAhead.HandOverAsync("orders", "0", ScriptedRelay.Page(2), relay.Checkpoint(2), CancellationToken.None));
        Assert.DoesNotContain("relay 2", relay.Log);
    }

    [Fact]
    public async Task stopping_waits_for_the_checkpoint_of_a_page_already_relayed()
    {
        var relay = new ScriptedRelay();
        var checkpointGate = new TaskCompletionSource();
        using var readAhead = new ReadAhead(relay, NullLogger<ReadAhead>.Instance);
        await readAhead.HandOverAsync("orders", "0", ScriptedRelay.Page(1), relay.Checkpoint(1, () => checkpointGate.Task), CancellationToken.None).WaitAsync(Soon);

        var stop = readAhead.StopAsync();
        await Task.Delay(100);
        Assert.False(stop.IsCompleted, "stop returned before the relayed page was checkpointed");
        checkpointGate.SetResult();
        await stop.WaitAsync(Soon);

        Assert.Equal([1], relay.Checkpoints);
    }

    [Fact]
    public async Task a_lost_lease_stops_the_relay_without_a_checkpoint_and_its_next_owner_starts_from_the_checkpoint()
    {
        var relay = new ScriptedRelay((page, attempt, ct) => page == 1 && attempt == 1 ? Task.Delay(Timeout.Infinite, ct) : Task.CompletedTask);
        using var readAhead = new ReadAhead(relay, NullLogger<ReadAhead>.Instance);
        using var lease = new CancellationTokenSource();
        var handler = readAhead.HandOverAsync("orders", "0", ScriptedRelay.Page(1), relay.Checkpoint(1), lease.Token);
        await relay.UntilAsync("relay 1");

        await lease.CancelAsync(); // another instance took the lease
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => handler.WaitAsync(Soon));
        Assert.Empty(relay.Checkpoints);

        // Taken back later: the processor reads again from the last checkpoint, i.e. page 1.
        await readAhead.HandOverAsync("orders", "0", ScriptedRelay.Page(1), relay.Checkpoint(1), CancellationToken.None).WaitAsync(Soon);
        await relay.UntilAsync("checkpoint 1");
        Assert.Equal([1], relay.Checkpoints);
    }

    [Fact]
    public async Task a_checkpoint_refused_because_another_instance_took_the_lease_stops_the_lease_at_its_next_page()
    {
        // What the SDK's manual checkpoint throws when the lease was taken over by load balancing.
        var taken = new CosmosException("Lease was lost due to load balancing", HttpStatusCode.PreconditionFailed, 0, "", 0);
        var relay = new ScriptedRelay();
        using var readAhead = new ReadAhead(relay, NullLogger<ReadAhead>.Instance);
        await readAhead.HandOverAsync("orders", "0", ScriptedRelay.Page(1), relay.Checkpoint(1), CancellationToken.None).WaitAsync(Soon);
        await readAhead.HandOverAsync("orders", "0", ScriptedRelay.Page(2), () => Task.FromException(taken), CancellationToken.None).WaitAsync(Soon);

        await Assert.ThrowsAsync<LeaseLostException>(
            () => readAhead.HandOverAsync("orders", "0", ScriptedRelay.Page(3), relay.Checkpoint(3), CancellationToken.None).WaitAsync(Soon));
        Assert.DoesNotContain("relay 3", relay.Log); // only page 2 went out past the lease's last checkpoint
        Assert.Equal([1], relay.Checkpoints);

        // Taken back later, the lease starts afresh from its checkpoint.
        await readAhead.HandOverAsync("orders", "0", ScriptedRelay.Page(2), relay.Checkpoint(2), CancellationToken.None).WaitAsync(Soon);
        await relay.UntilAsync("checkpoint 2");
    }

    [Fact]
    public async Task a_checkpoint_that_failed_otherwise_is_covered_by_the_next_one_and_the_lease_goes_on()
    {
        var relay = new ScriptedRelay();
        using var readAhead = new ReadAhead(relay, NullLogger<ReadAhead>.Instance);
        await readAhead.HandOverAsync("orders", "0", ScriptedRelay.Page(1), () => Task.FromException(new CosmosException("busy", HttpStatusCode.ServiceUnavailable, 0, "", 0)), CancellationToken.None).WaitAsync(Soon);

        await readAhead.HandOverAsync("orders", "0", ScriptedRelay.Page(2), relay.Checkpoint(2), CancellationToken.None).WaitAsync(Soon);

        await relay.UntilAsync("checkpoint 2");
        Assert.Equal([2], relay.Checkpoints);
    }

    [Fact]
    public async Task an_unexpected_failure_is_thrown_to_the_processor_without_a_checkpoint()
    {
        // BatchRelay turns every failure into a retried RelayFailedException; anything else is not retried here.
        var relay = new ScriptedRelay((page, _, _) => page == 1 ? throw new InvalidOperationException("a bug") : Task.CompletedTask);
        using var readAhead = new ReadAhead(relay, NullLogger<ReadAhead>.Instance);

        await Assert.ThrowsAsync<InvalidOperationException>(
            () => readAhead.HandOverAsync("orders", "0", ScriptedRelay.Page(1), relay.Checkpoint(1), CancellationToken.None).WaitAsync(Soon));
        await Task.Delay(100);

        Assert.Empty(relay.Checkpoints);
        Assert.Equal(0, readAhead.RememberedLeases);
    }

    [Fact]
    public async Task leases_do_not_wait_for_each_other()
    {
        var gate = new TaskCompletionSource();
        var relay = new ScriptedRelay((page, _, ct) => page == 1 ? gate.Task.WaitAsync(ct) : Task.CompletedTask);
        using var readAhead = new ReadAhead(relay, NullLogger<ReadAhead>.Instance);
        var blocked = readAhead.HandOverAsync("orders", "0", ScriptedRelay.Page(1), relay.Checkpoint(1), CancellationToken.None);

        await readAhead.HandOverAsync("orders", "1", ScriptedRelay.Page(10), relay.Checkpoint(10), CancellationToken.None).WaitAsync(Soon);
        await readAhead.HandOverAsync("orders", "1", ScriptedRelay.Page(11), relay.Checkpoint(11), CancellationToken.None).WaitAsync(Soon);
        await relay.UntilAsync("checkpoint 11");

        Assert.False(blocked.IsCompleted);
        Assert.Equal([10, 11], relay.Checkpoints);
        gate.SetResult();
        await blocked.WaitAsync(Soon);
    }

    [Fact]
    public async Task a_released_lease_is_forgotten_once_its_checkpoint_is_written_and_taken_back_it_starts_afresh()
    {
        var checkpointGate = new TaskCompletionSource();
        var relay = new ScriptedRelay();
        using var readAhead = new ReadAhead(relay, NullLogger<ReadAhead>.Instance);
        await readAhead.HandOverAsync("orders", "0", ScriptedRelay.Page(1), relay.Checkpoint(1, () => checkpointGate.Task), CancellationToken.None).WaitAsync(Soon);

        readAhead.Release("orders", "0");
        Assert.Equal(1, readAhead.RememberedLeases); // its checkpoint is still being written
        checkpointGate.SetResult();
        await relay.UntilAsync("checkpoint 1");
        await Until(() => readAhead.RememberedLeases == 0);

        await readAhead.HandOverAsync("orders", "0", ScriptedRelay.Page(2), relay.Checkpoint(2), CancellationToken.None).WaitAsync(Soon);
        await relay.UntilAsync("checkpoint 2");
        Assert.Equal([1, 2], relay.Checkpoints);
    }

    [Fact]
    public async Task a_relayed_page_does_not_keep_its_documents_while_its_checkpoint_waits()
    {
        var relay = new ScriptedRelay();
        using var readAhead = new ReadAhead(relay, NullLogger<ReadAhead>.Instance);
        var documents = await HandOverUnreferencedAsync(readAhead, relay);
        await relay.UntilAsync("checkpoint 1");

        await Until(() =>
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            return !documents.IsAlive;
        });

        Assert.Equal(1, readAhead.RememberedLeases);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> HandOverUnreferencedAsync(ReadAhead readAhead, ScriptedRelay relay)
    {
        var page = ScriptedRelay.Page(1);
        await readAhead.HandOverAsync("orders", "0", page, relay.Checkpoint(1), CancellationToken.None);
        return new WeakReference(page);
    }

    private static async Task Until(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Soon);
        while (!condition())
            await Task.Delay(10, timeout.Token);
    }

    [Property(MaxTest = 60)]
    public bool every_page_is_relayed_after_the_checkpoint_before_it_and_checkpointed_once_in_order_after_its_own_relay_whatever_fails(NonEmptyArray<byte> failuresPerPage)
    {
        var failures = failuresPerPage.Get.Select(f => f % 4).ToArray();
        var relay = new ScriptedRelay((page, attempt, _) =>
            attempt <= failures[page - 1] ? throw new RelayFailedException($"attempt {attempt}") : Task.CompletedTask);
        using var readAhead = new ReadAhead(relay, NullLogger<ReadAhead>.Instance);

        for (var page = 1; page <= failures.Length; page++)
            readAhead.HandOverAsync("orders", "0", ScriptedRelay.Page(page), relay.Checkpoint(page), CancellationToken.None).Wait(Soon);
        relay.UntilAsync($"checkpoint {failures.Length}").Wait(Soon);

        var log = relay.Log.ToList();
        var pages = Enumerable.Range(1, failures.Length).ToList();
        return relay.Checkpoints.SequenceEqual(pages)
            && pages.All(p => log.IndexOf($"relayed {p}") < log.IndexOf($"checkpoint {p}"))
            && pages.Skip(1).All(p => log.IndexOf($"checkpoint {p - 1}") < log.IndexOf($"relay {p}"))
            && pages.All(p => log.Count(e => e == $"failed {p}") == failures[p - 1]);
    }
}

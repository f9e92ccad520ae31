using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;

namespace ChangeFeed.StandIns.ServiceBus.Tests;

public sealed class sessions_are_locked_and_ordered
{
    private static async Task<(ServiceBusStandIn, StandInTopic)> StartAsync()
    {
        var standIn = await ServiceBusStandIn.StartAsync();
        StandInTopic topic = standIn.AddTopic("orders-cdc", duplicateDetectionWindow: TimeSpan.FromMinutes(10))
            .AddSubscription("sample", requiresSession: true, correlationFilterSubject: "com.contoso.orders.order.upserted");
        return (standIn, topic);
    }

    [Fact]
    public async Task accept_next_session_receives_its_messages_in_order_and_keeps_session_state()
    {
        var (standIn, topic) = await StartAsync();
        await using var _ = standIn;
        await using var client = Clients.For(standIn);
        await using var sender = client.CreateSender("orders-cdc");
        await sender.SendMessagesAsync([Clients.Message("a-1", "A"), Clients.Message("a-2", "A"), Clients.Message("a-3", "A")]);

        await using ServiceBusSessionReceiver receiver = await client.AcceptNextSessionAsync("orders-cdc", "sample");
        Assert.Equal("A", receiver.SessionId);
        Assert.True(receiver.SessionLockedUntil > DateTimeOffset.UtcNow);
        var received = await sending_reaches_subscriptions.ReceiveAsync(receiver, 3);
        Assert.Equal(["a-1", "a-2", "a-3"], received.Select(m => m.MessageId));
        Assert.All(received, m => Assert.Equal("A", m.SessionId));
        foreach (var message in received)
        {
            await receiver.CompleteMessageAsync(message);
        }

        Assert.Null(await receiver.GetSessionStateAsync());
        await receiver.SetSessionStateAsync(BinaryData.FromString("checkpoint-3"));
        Assert.Equal("checkpoint-3", (await receiver.GetSessionStateAsync()).ToString());
        await receiver.RenewSessionLockAsync();
        Assert.Equal(3, topic.Subscription("sample").CompletedCount);
    }

    [Fact]
    public async Task accept_session_by_id_receives_only_that_session_while_it_is_locked()
    {
        var (standIn, _) = await StartAsync();
        await using var __ = standIn;
        await using var client = Clients.For(standIn);
        await using var sender = client.CreateSender("orders-cdc");
        await sender.SendMessagesAsync([Clients.Message("a-1", "A"), Clients.Message("b-1", "B"), Clients.Message("b-2", "B")]);

        await using ServiceBusSessionReceiver receiver = await client.AcceptSessionAsync("orders-cdc", "sample", "B");
        var received = await sending_reaches_subscriptions.ReceiveAsync(receiver, 2);
        Assert.Equal(["b-1", "b-2"], received.Select(m => m.MessageId));
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromMilliseconds(300)));

        var locked = await Assert.ThrowsAsync<ServiceBusException>(() => client.AcceptSessionAsync("orders-cdc", "sample", "B"));
        Assert.Equal(ServiceBusFailureReason.SessionCannotBeLocked, locked.Reason);
        await using ServiceBusSessionReceiver next = await client.AcceptNextSessionAsync("orders-cdc", "sample");
        Assert.Equal("A", next.SessionId);
    }

    [Fact]
    public async Task accepting_the_next_session_on_an_empty_subscription_times_out()
    {
        var (standIn, _) = await StartAsync();
        await using var __ = standIn;
        await using var client = Clients.For(standIn, tryTimeout: TimeSpan.FromSeconds(1), maxRetries: 0);

        var waited = System.Diagnostics.Stopwatch.StartNew();
        var timeout = await Assert.ThrowsAsync<ServiceBusException>(() => client.AcceptNextSessionAsync("orders-cdc", "sample"));
        Assert.Equal(ServiceBusFailureReason.ServiceTimeout, timeout.Reason);
        Assert.True(waited.Elapsed < TimeSpan.FromSeconds(5), $"refused after {waited.Elapsed}");
    }

    [Fact]
    public async Task a_session_processor_delivers_each_of_three_sessions_in_order()
    {
        var (standIn, topic) = await StartAsync();
        await using var _ = standIn;
        await using var client = Clients.For(standIn, tryTimeout: TimeSpan.FromSeconds(1));
        await using var sender = client.CreateSender("orders-cdc");
        string[] sessions = ["A", "B", "C"];
        var sent = new List<ServiceBusMessage>();
        for (int i = 1; i <= 5; i++)
        {
            sent.AddRange(sessions.Select(s => Clients.Message($"{s}-{i}", s)));
        }

        await sender.SendMessagesAsync(sent);

        var seen = new ConcurrentDictionary<string, ConcurrentQueue<string>>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int count = 0;
        await using ServiceBusSessionProcessor processor = client.CreateSessionProcessor("orders-cdc", "sample", new ServiceBusSessionProcessorOptions
        {
            MaxConcurrentSessions = 2,
            SessionIdleTimeout = TimeSpan.FromMilliseconds(500),
        });
        processor.ProcessMessageAsync += args =>
        {
            seen.GetOrAdd(args.SessionId, _ => new()).Enqueue(args.Message.MessageId);
            if (Interlocked.Increment(ref count) == sent.Count)
            {
                all.TrySetResult();
            }

            return Task.CompletedTask;
        };
        processor.ProcessErrorAsync += _ => Task.CompletedTask;

        await processor.StartProcessingAsync();
        await all.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await processor.StopProcessingAsync();

        foreach (string session in sessions)
        {
            Assert.Equal(Enumerable.Range(1, 5).Select(i => $"{session}-{i}"), seen[session]);
        }

        Assert.Equal(15, topic.Subscription("sample").CompletedCount);
    }
}

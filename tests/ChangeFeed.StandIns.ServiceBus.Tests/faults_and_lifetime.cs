using System.Net;
using System.Net.Sockets;
using Azure.Messaging.ServiceBus;

namespace ChangeFeed.StandIns.ServiceBus.Tests;

public sealed class faults_and_lifetime
{
    [Fact]
    public async Task a_sender_keeps_working_after_the_stand_in_fails_for_two_seconds()
    {
        await using var standIn = await ServiceBusStandIn.StartAsync();
        StandInTopic topic = standIn.AddTopic("orders-cdc", duplicateDetectionWindow: TimeSpan.FromMinutes(10)).AddSubscription("all");
        await using var client = Clients.For(standIn, tryTimeout: TimeSpan.FromSeconds(2));
        await using var sender = client.CreateSender("orders-cdc");
        await sender.SendMessageAsync(Clients.Message("before"));
        Assert.Equal(1, standIn.OpenConnections);

        Task outage = standIn.FailFor(TimeSpan.FromSeconds(2));
        Assert.Equal(0, standIn.OpenConnections);
        var during = System.Diagnostics.Stopwatch.StartNew();
        await sender.SendMessageAsync(Clients.Message("during"));
        during.Stop();
        await outage;
        await sender.SendMessageAsync(Clients.Message("after"));

        Assert.True(standIn.ConnectionsRefused > 0, "the client should have been refused at least once");
        Assert.True(during.Elapsed >= TimeSpan.FromSeconds(1), $"the send during the outage finished after {during.Elapsed}");
        Assert.Equal(["before", "during", "after"], topic.AcceptedMessages.Select(m => m.MessageId));
        Assert.Equal(3, topic.Subscription("all").ActiveCount);
    }

    [Fact]
    public async Task refusing_connections_fails_a_new_client_until_it_is_lifted()
    {
        await using var standIn = await ServiceBusStandIn.StartAsync();
        StandInTopic topic = standIn.AddTopic("orders-cdc").AddSubscription("all");
        standIn.RefuseConnections = true;
        await using var client = new ServiceBusClient(standIn.ConnectionString, new ServiceBusClientOptions
        {
            RetryOptions = new ServiceBusRetryOptions { MaxRetries = 1, Delay = TimeSpan.FromMilliseconds(50), TryTimeout = TimeSpan.FromSeconds(1) },
        });
        await using var sender = client.CreateSender("orders-cdc");

        await Assert.ThrowsAnyAsync<Exception>(() => sender.SendMessageAsync(Clients.Message("refused")));
        standIn.RefuseConnections = false;
        await sender.SendMessageAsync(Clients.Message("accepted"));

        Assert.Equal(["accepted"], topic.AcceptedMessages.Select(m => m.MessageId));
    }

    [Fact]
    public async Task disposing_the_stand_in_frees_its_port()
    {
        var standIn = await ServiceBusStandIn.StartAsync();
        standIn.AddTopic("orders-cdc").AddSubscription("all");
        int port = standIn.Port;
        await using (var client = Clients.For(standIn))
        {
            await using var sender = client.CreateSender("orders-cdc");
            await sender.SendMessageAsync(Clients.Message("one"));
        }

        await standIn.DisposeAsync();

        using var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        Assert.Equal(port, ((IPEndPoint)listener.LocalEndpoint).Port);
    }
}

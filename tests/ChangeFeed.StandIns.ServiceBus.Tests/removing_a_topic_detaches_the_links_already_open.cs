using Azure.Messaging.ServiceBus;

namespace ChangeFeed.StandIns.ServiceBus.Tests;

/// <summary>
/// Deleting an entity in Service Bus ends the links open to it: a sender that kept sending into a removed topic would
/// report as sent what nobody can ever receive, which could hide a loss.
/// </summary>
public sealed class removing_a_topic_detaches_the_links_already_open
{
    [Fact]
    public async Task an_open_sender_cannot_send_into_a_removed_topic()
    {
        await using var standIn = await ServiceBusStandIn.StartAsync();
        StandInTopic topic = standIn.AddTopic("orders-cdc").AddSubscription("all");
        await using var client = Clients.For(standIn, maxRetries: 1);
        await using var sender = client.CreateSender("orders-cdc");
        await sender.SendMessageAsync(Clients.Message("before"));

        Assert.True(standIn.RemoveTopic("orders-cdc"));
        var refused = await Assert.ThrowsAsync<ServiceBusException>(() => sender.SendMessageAsync(Clients.Message("after")));

        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, refused.Reason);
        Assert.Equal(["before"], topic.AcceptedMessages.Select(m => m.MessageId));
        Assert.DoesNotContain(standIn.Topics, t => t.Name == "orders-cdc");
    }

    [Fact]
    public async Task an_open_receiver_of_a_removed_topic_stops_with_entity_not_found()
    {
        await using var standIn = await ServiceBusStandIn.StartAsync();
        standIn.AddTopic("orders-cdc").AddSubscription("all");
        await using var client = Clients.For(standIn, maxRetries: 1);
        await using var receiver = client.CreateReceiver("orders-cdc", "all");
        Assert.Empty(await receiver.ReceiveMessagesAsync(1, TimeSpan.FromMilliseconds(200)));

        standIn.RemoveTopic("orders-cdc");
        // The detach reaches the client while (or before) it waits: its receive fails then, or the next one does.
        var stopped = await Assert.ThrowsAsync<ServiceBusException>(async () =>
        {
            for (var attempt = 0; attempt < 10; attempt++)
                await receiver.ReceiveMessagesAsync(1, TimeSpan.FromMilliseconds(500));
        });

        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, stopped.Reason);
    }

    [Fact]
    public async Task a_topic_added_again_under_the_same_name_takes_sends_once_more()
    {
        await using var standIn = await ServiceBusStandIn.StartAsync();
        standIn.AddTopic("orders-cdc").AddSubscription("all");
        await using var client = Clients.For(standIn, maxRetries: 1);
        await using var sender = client.CreateSender("orders-cdc");
        await sender.SendMessageAsync(Clients.Message("first"));
        standIn.RemoveTopic("orders-cdc");
        await Assert.ThrowsAsync<ServiceBusException>(() => sender.SendMessageAsync(Clients.Message("lost")));

        StandInTopic again = standIn.AddTopic("orders-cdc").AddSubscription("all");
        await sender.SendMessageAsync(Clients.Message("second"));

        Assert.Equal(["second"], again.AcceptedMessages.Select(m => m.MessageId));
    }
}

using Azure.Messaging.ServiceBus;

namespace ChangeFeed.StandIns.ServiceBus.Tests;

/// <summary>
/// What a sender meets when its topic or its key is wrong, as in Azure: the service's error conditions, which the
/// client turns into <see cref="ServiceBusFailureReason.MessagingEntityNotFound"/> and <see cref="UnauthorizedAccessException"/>.
/// </summary>
public sealed class links_are_refused_as_the_service_refuses_them
{
    [Fact]
    public async Task a_sender_link_to_a_topic_that_does_not_exist_is_refused_not_found()
    {
        await using var standIn = await ServiceBusStandIn.StartAsync();
        standIn.AddTopic("orders-cdc");
        await using var client = Clients.For(standIn, maxRetries: 1);
        await using var sender = client.CreateSender("orders-cdx");

        var refused = await Assert.ThrowsAsync<ServiceBusException>(async () => await sender.CreateMessageBatchAsync());

        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, refused.Reason);
    }

    [Theory]
    [InlineData(ServiceBusStandIn.DevelopmentKeyName, "another-key")]
    [InlineData("SendOnly", ServiceBusStandIn.DevelopmentKey)]
    public async Task a_signature_made_with_another_key_or_rule_is_refused_and_nothing_is_sent(string keyName, string key)
    {
        await using var standIn = await ServiceBusStandIn.StartAsync();
        StandInTopic topic = standIn.AddTopic("orders-cdc").AddSubscription("all");
        string connectionString = $"Endpoint=sb://127.0.0.1:{standIn.Port};SharedAccessKeyName={keyName};SharedAccessKey={key};UseDevelopmentEmulator=true;";
        await using var stranger = new ServiceBusClient(connectionString, new ServiceBusClientOptions
        {
            RetryOptions = new ServiceBusRetryOptions { MaxRetries = 1, Delay = TimeSpan.FromMilliseconds(50), TryTimeout = TimeSpan.FromSeconds(3) },
        });
        await using var sender = stranger.CreateSender("orders-cdc");

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => sender.SendMessageAsync(Clients.Message("refused")));
        await using var client = Clients.For(standIn);
        await using var trusted = client.CreateSender("orders-cdc");
        await trusted.SendMessageAsync(Clients.Message("accepted"));

        Assert.Equal(["accepted"], topic.AcceptedMessages.Select(m => m.MessageId));
    }
}

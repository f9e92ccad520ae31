using Azure.Messaging.ServiceBus;
using ChangeFeed.StandIns.ServiceBus;

namespace ChangeFeed.StandIns.ServiceBus.Tests;

/// <summary>The real client, with short timeouts and retries so failures show up fast.</summary>
internal static class Clients
{
    public static ServiceBusClient For(ServiceBusStandIn standIn, TimeSpan? tryTimeout = null, int maxRetries = 10) =>
        new(standIn.ConnectionString, new ServiceBusClientOptions
        {
            RetryOptions = new ServiceBusRetryOptions
            {
                Mode = ServiceBusRetryMode.Fixed,
                MaxRetries = maxRetries,
                Delay = TimeSpan.FromMilliseconds(200),
                MaxDelay = TimeSpan.FromMilliseconds(500),
                TryTimeout = tryTimeout ?? TimeSpan.FromSeconds(3),
            },
        });

    public static ServiceBusMessage Message(string id, string? sessionId = null, string subject = "com.contoso.orders.order.upserted") =>
        new(BinaryData.FromString($"body of {id}")) { MessageId = id, SessionId = sessionId, Subject = subject };
}

using ChangeFeed.Subscriber;
using ChangeFeed.Subscriber.Inbox;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChangeFeed.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The sample subscriber process as its <c>Program.cs</c> builds it (<see cref="SubscriberHost.AddSubscriberHost"/>):
/// session processor, handlers, <see cref="CosmosInbox"/> on <c>projections</c>; its inbox wrapped to record deliveries.
/// </summary>
internal static class SubscriberProcess
{
    public const string Container = "projections";

    /// <param name="sessions">
    /// Sessions handled at once. The processor keeps an idle session for 5 s before it takes the next one, so a run with
    /// one session per order needs about as many slots as orders to finish in seconds rather than minutes.
    /// </param>
    public static IHost Build(Targets targets, Scenario scenario, string subscription, int sessions, InboxRecord record, ITestOutputHelper output, InboxStall? stall = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SERVICEBUS"] = targets.ServiceBusConnectionString,
            ["COSMOS"] = targets.Cosmos.ConnectionString,
            ["Subscriber:Topic"] = scenario.Topic,
            ["Subscriber:Subscription"] = subscription,
            ["Subscriber:Database"] = scenario.Database,
            ["Subscriber:Container"] = Container,
            ["Subscriber:MaxConcurrentSessions"] = sessions.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Subscriber:MaxDeliveryAttempts"] = "10",
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new TestOutputLoggerProvider(output, LogLevel.Warning));
        builder.Logging.AddFilter("Azure", LogLevel.Error);
        builder.Services.AddSubscriberHost(builder.Configuration);
        // The stand-in's certificate is pinned by the fixture's client options.
        builder.Services.AddSingleton(_ => targets.Cosmos.CreateClient(options => options.ApplicationName = "changefeed-subscriber-e2e"));
        builder.Services.AddSingleton<IInbox>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<SubscriberOptions>>().Value;
            var inbox = new CosmosInbox(provider.GetRequiredService<CosmosClient>().GetContainer(options.Database, options.Container), options.InboxTimeToLive);
            return new CountingInbox(inbox, record, stall);
        });
        return builder.Build();
    }
}

using ChangeFeed.Host;
using ChangeFeed.Subscriber;
using ChangeFeed.Subscriber.Inbox;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace ChangeFeed.Demo;

/// <summary>
/// The relay and the sample subscribers, each built by its own program's registration code
/// (<see cref="ProcessorHostSetup.AddChangeFeedProcessorHost"/>, <see cref="SubscriberHost.AddSubscriberHost"/>) with the
/// stand-ins' settings, in this process. Only the Cosmos DB client differs: it pins the stand-in's certificate.
/// </summary>
internal static class PipelineHosts
{
    public static IHost Relay(LocalStandIns standIns, CancellationToken stopping)
    {
        var builder = NewBuilder(DemoTopology.RelaySettings(standIns.Cosmos.ConnectionString, standIns.ServiceBus.ConnectionString), stopping);
        builder.AddChangeFeedProcessorHost();
        builder.Services.AddSingleton(_ => standIns.CreateCosmosClient("changefeed-demo-relay"));
        return builder.Build();
    }

    /// <summary>The sample subscriber on <paramref name="topic"/>; its inbox counts what it handled into <paramref name="handled"/>.</summary>
    public static IHost Subscriber(LocalStandIns standIns, string topic, HandledEvents handled, CancellationToken stopping)
    {
        var builder = NewBuilder(DemoTopology.SubscriberSettings(standIns.Cosmos.ConnectionString, standIns.ServiceBus.ConnectionString, topic), stopping);
        builder.Services.AddSubscriberHost(builder.Configuration);
        builder.Services.AddSingleton(_ => standIns.CreateCosmosClient("changefeed-demo-subscriber"));
        builder.Services.AddSingleton<IInbox>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<SubscriberOptions>>().Value;
            var container = provider.GetRequiredService<CosmosClient>().GetContainer(options.Database, options.Container);
            return new CountedInbox(new CosmosInbox(container, options.InboxTimeToLive), handled);
        });
        return builder.Build();
    }

    /// <param name="stopping">Once the demo stops, its hosts log nothing: work given up on the way out (a page, a message) is not an error.</param>
    private static HostApplicationBuilder NewBuilder(IReadOnlyDictionary<string, string?> settings, CancellationToken stopping)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        // Errors only, on stderr: the live view owns the terminal, and the stand-ins make the SDKs' retry warnings noise.
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(options => options.SingleLine = true);
        builder.Services.Configure<ConsoleLoggerOptions>(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.Logging.AddFilter((_, _, level) => level >= LogLevel.Error && !stopping.IsCancellationRequested);
        // The demo stops its hosts itself (Ctrl+C, --count): no host may take the signal and stop on its own.
        builder.Services.AddSingleton<IHostLifetime, DemoLifetime>();
        return builder;
    }
}

/// <summary>A host lifetime that leaves stop signals to the demo, which stops every host in order.</summary>
internal sealed class DemoLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>How many events the sample subscribers handled (first deliveries, not repeats their inbox recognised).</summary>
internal sealed class HandledEvents
{
    private int count;

    public int Count => Volatile.Read(ref count);

    public void Add() => Interlocked.Increment(ref count);
}

/// <summary>The subscriber's real inbox, counting what it handled for the live view.</summary>
internal sealed class CountedInbox(IInbox inner, HandledEvents handled) : IInbox
{
    public async Task<bool> TryHandleAsync(string messageId, string partitionKey, Func<InboxEffects, CancellationToken, Task> handle, CancellationToken cancellationToken)
    {
        var first = await inner.TryHandleAsync(messageId, partitionKey, handle, cancellationToken);
        if (first)
            handled.Add();
        return first;
    }
}

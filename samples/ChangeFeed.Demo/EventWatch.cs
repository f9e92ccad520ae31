using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;
using ChangeFeed.ServiceBus;

namespace ChangeFeed.Demo;

/// <summary>
/// Reads the live view's own subscription on every topic (beside the sample subscriber's), decodes each message as a
/// subscriber does (<see cref="EnvelopeDecoder"/>) and reports it; counts per route.
/// </summary>
internal sealed class EventWatch(string serviceBusConnectionString, Action<ArrivedEvent> arrived) : IAsyncDisposable
{
    private const int ExcerptLength = 60;
    private readonly ServiceBusClient client = new(serviceBusConnectionString);
    private readonly List<ServiceBusProcessor> processors = [];
    private readonly EnvelopeDecoder decoder = new();

    public ConcurrentDictionary<string, int> PerRoute { get; } = new(StringComparer.Ordinal);

    public int Total => PerRoute.Values.Sum();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (topic, route) in DemoTopology.RouteOfTopic)
        {
            PerRoute[route] = 0;
            var processor = client.CreateProcessor(topic, DemoTopology.ViewSubscription, new ServiceBusProcessorOptions { MaxConcurrentCalls = 1 });
            processor.ProcessMessageAsync += args => ShowAsync(route, args);
            processor.ProcessErrorAsync += _ => Task.CompletedTask; // the stand-in is local; the subscriber logs its own errors
            processors.Add(processor);
            await processor.StartProcessingAsync(cancellationToken);
        }
    }

    private async Task ShowAsync(string route, ProcessMessageEventArgs args)
    {
        var cloudEvent = await decoder.DecodeAsync(args.Message, args.CancellationToken);
        var data = args.Message.Body.ToString();
        var excerpt = data.Length <= ExcerptLength ? data : data[..ExcerptLength] + "…";
        PerRoute.AddOrUpdate(route, 1, (_, n) => n + 1);
        arrived(new ArrivedEvent(route, cloudEvent.Type ?? "?", args.Message.SessionId ?? "", cloudEvent.Id ?? args.Message.MessageId, excerpt));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var processor in processors)
        {
            await processor.StopProcessingAsync();
            await processor.DisposeAsync();
        }

        await client.DisposeAsync();
    }
}

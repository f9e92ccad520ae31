using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChangeFeed.Subscriber;

/// <summary>
/// A session processor on the sample subscription: one session is one entity, handled by one call at a time, so
/// its events are handled in order; several sessions run side by side.
/// </summary>
/// <remarks>The client is resolved when processing starts, after the settings were validated, so that a missing setting is reported by name.</remarks>
public sealed class EventSubscriber(IServiceProvider services, MessageSettlement settlement, IOptions<SubscriberOptions> options, ILogger<EventSubscriber> logger)
    : BackgroundService
{
    private ServiceBusSessionProcessor? processor;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var client = services.GetRequiredService<ServiceBusClient>();
        processor = client.CreateSessionProcessor(settings.Topic!, settings.Subscription!, new ServiceBusSessionProcessorOptions
        {
            AutoCompleteMessages = false,
            MaxConcurrentSessions = settings.MaxConcurrentSessions,
            MaxConcurrentCallsPerSession = 1,
            SessionIdleTimeout = TimeSpan.FromSeconds(5),
        });
        processor.ProcessMessageAsync += settlement.SettleAsync;
        processor.ProcessErrorAsync += args =>
        {
            if (args.Exception is OperationCanceledException && (args.CancellationToken.IsCancellationRequested || stoppingToken.IsCancellationRequested))
                logger.LogDebug(args.Exception, "Stopping: {EntityPath} ({Source}) cancelled", args.EntityPath, args.ErrorSource); // not a failure
            else
                logger.LogError(args.Exception, "Service Bus error on {EntityPath} ({Source})", args.EntityPath, args.ErrorSource);
            return Task.CompletedTask;
        };
        await processor.StartProcessingAsync(stoppingToken);
        logger.LogInformation("Receiving {Topic}/{Subscription} with up to {Sessions} sessions at once", settings.Topic, settings.Subscription, settings.MaxConcurrentSessions);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (processor is not null)
        {
            // Finishes the messages in hand; unsettled ones return to their sessions.
            await processor.StopProcessingAsync(cancellationToken);
            await processor.DisposeAsync();
        }

        await base.StopAsync(cancellationToken);
    }
}

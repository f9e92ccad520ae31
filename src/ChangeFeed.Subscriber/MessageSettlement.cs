using Azure.Messaging.ServiceBus;
using ChangeFeed.Subscriber.Handlers;
using Microsoft.Extensions.Logging;

namespace ChangeFeed.Subscriber;

/// <summary>
/// Settles each message explicitly: complete when handled (or already handled), dead-letter with a reason when it
/// can never be handled or has failed <see cref="SubscriberOptions.MaxDeliveryAttempts"/> times, abandon otherwise
/// so that it comes back — to this session, in order, before the session's later messages.
/// </summary>
public sealed class MessageSettlement(EventDispatcher dispatcher, SubscriberOptions options, ILogger<MessageSettlement> logger)
{
    // region settle
    public async Task SettleAsync(ProcessSessionMessageEventArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var message = args.Message;
        try
        {
            var handling = await dispatcher.DispatchAsync(message, args.CancellationToken);
            await args.CompleteMessageAsync(message, args.CancellationToken);
            logger.LogInformation("Message {MessageId} of session {SessionId}: {Handling}", message.MessageId, message.SessionId, handling);
        }
        catch (OperationCanceledException) when (args.CancellationToken.IsCancellationRequested)
        {
            // Stopping: not completed, so the message comes back (to this session's next owner), and the inbox makes
            // its second handling a no-op if its effects were already written.
            logger.LogInformation("Message {MessageId} of session {SessionId}: not completed, the subscriber is stopping", message.MessageId, message.SessionId);
        }
        catch (InvalidEventDataException exception)
        {
            await args.DeadLetterMessageAsync(message, "InvalidEvent", Truncate(exception.Message), args.CancellationToken);
            logger.LogWarning("Dead-lettered message {MessageId}: {Reason}", message.MessageId, exception.Message);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            if (message.DeliveryCount >= options.MaxDeliveryAttempts)
            {
                await args.DeadLetterMessageAsync(
                    message, "MaxDeliveryAttemptsExceeded", Truncate($"Failed {message.DeliveryCount} times; last error: {exception.Message}"), args.CancellationToken);
                logger.LogError(exception, "Dead-lettered message {MessageId} after {Attempts} attempts", message.MessageId, message.DeliveryCount);
                return;
            }

            await args.AbandonMessageAsync(message, cancellationToken: args.CancellationToken);
            logger.LogWarning(exception, "Message {MessageId} failed (attempt {Attempt} of {Max}); it will be retried", message.MessageId, message.DeliveryCount, options.MaxDeliveryAttempts);
        }
    }
    // endregion settle

    // Service Bus limits the dead-letter description to 4096 characters.
    private static string Truncate(string text) => text.Length <= 4096 ? text : text[..4093] + "...";
}

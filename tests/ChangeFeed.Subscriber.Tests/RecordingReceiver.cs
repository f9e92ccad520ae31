using Azure.Messaging.ServiceBus;

namespace ChangeFeed.Subscriber.Tests;

/// <summary>A session receiver that records how messages were settled (the SDK's protected constructor is its test seam).</summary>
internal sealed class RecordingReceiver : ServiceBusSessionReceiver
{
    public List<(string Outcome, string MessageId, string? Reason, string? Description)> Settled { get; } = [];

    public override string SessionId => "order-7";

    public override Task CompleteMessageAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default) =>
        Record("complete", message);

    public override Task AbandonMessageAsync(ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify = null, CancellationToken cancellationToken = default) =>
        Record("abandon", message);

    public override Task DeadLetterMessageAsync(ServiceBusReceivedMessage message, string deadLetterReason, string? deadLetterErrorDescription = null, CancellationToken cancellationToken = default) =>
        Record("deadletter", message, deadLetterReason, deadLetterErrorDescription);

    public override Task DeadLetterMessageAsync(ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify, string deadLetterReason, string? deadLetterErrorDescription = null, CancellationToken cancellationToken = default) =>
        Record("deadletter", message, deadLetterReason, deadLetterErrorDescription);

    public ProcessSessionMessageEventArgs Args(ServiceBusReceivedMessage message) => new(message, this, CancellationToken.None);

    private Task Record(string outcome, ServiceBusReceivedMessage message, string? reason = null, string? description = null)
    {
        Settled.Add((outcome, message.MessageId, reason, description));
        return Task.CompletedTask;
    }
}

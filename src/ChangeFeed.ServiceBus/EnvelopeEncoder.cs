using System.Diagnostics;
using Azure.Messaging.ServiceBus;
using ContentMode = ChangeFeed.Configuration.ContentMode;
using ChangeFeed.Envelope;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;

namespace ChangeFeed.ServiceBus;

/// <summary>
/// Maps an integration event to a Service Bus message. Binary mode: body = data, attributes as <c>cloudEvents_*</c>
/// application properties. Structured mode: body = the CloudEvent as JSON. Both: MessageId = event id,
/// SessionId = partition key, Subject = event type, trace context in <c>Diagnostic-Id</c> and <c>traceparent</c>.
/// </summary>
public sealed class EnvelopeEncoder
{
    /// <summary>The application property prefix the CloudEvents AMQP binding prefers (usable in SQL filters).</summary>
    public const string Prefix = "cloudEvents_";

    public const string StructuredContentType = "application/cloudevents+json";

    private readonly JsonEventFormatter formatter = new();

    public ServiceBusMessage Encode(IntegrationEvent integrationEvent)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        var message = integrationEvent.ContentMode == ContentMode.Structured ? Structured(integrationEvent) : Binary(integrationEvent);
        message.MessageId = integrationEvent.Id;
        message.SessionId = SessionIds.For(integrationEvent.PartitionKey);
        message.Subject = integrationEvent.Type;
        if (integrationEvent.CorrelationId is { } correlationId)
            message.CorrelationId = correlationId;

        if (integrationEvent.Properties is { } extra)
        {
            foreach (var (key, value) in extra)
                message.ApplicationProperties[key] = value;
        }

        if ((integrationEvent.TraceParent ?? CurrentTraceParent()) is { } traceParent)
        {
            message.ApplicationProperties["Diagnostic-Id"] = traceParent;
            message.ApplicationProperties["traceparent"] = traceParent;
        }

        return message;
    }

    private static ServiceBusMessage Binary(IntegrationEvent integrationEvent)
    {
        var message = new ServiceBusMessage(new BinaryData(integrationEvent.Data)) { ContentType = integrationEvent.DataContentType };
        var properties = message.ApplicationProperties;
        properties[Prefix + "specversion"] = IntegrationEvent.SpecVersion;
        properties[Prefix + "id"] = integrationEvent.Id;
        properties[Prefix + "source"] = integrationEvent.Source;
        properties[Prefix + "type"] = integrationEvent.Type;
        properties[Prefix + "subject"] = integrationEvent.Subject;
        properties[Prefix + "time"] = CloudEventAttributeType.Timestamp.Format(integrationEvent.Time);
        properties[Prefix + "partitionkey"] = integrationEvent.PartitionKey;
        return message;
    }

    private ServiceBusMessage Structured(IntegrationEvent integrationEvent)
    {
        var body = formatter.EncodeStructuredModeMessage(integrationEvent.ToCloudEvent(), out _);
        return new ServiceBusMessage(new BinaryData(body)) { ContentType = StructuredContentType };
    }

    private static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.Id : null;
}

using System.Diagnostics;
using System.Text.Json;
using Azure.Messaging.ServiceBus;
using ContentMode = ChangeFeed.Configuration.ContentMode;
using ChangeFeed.Envelope;
using ChangeFeed.Routing;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.Extensions;
using CloudNative.CloudEvents.SystemTextJson;

namespace ChangeFeed.ServiceBus;

/// <summary>
/// Maps an integration event to a Service Bus message. Binary mode: body = data, attributes as <c>cloudEvents_*</c>
/// application properties. Structured mode: body = the CloudEvent as JSON. Both: MessageId = event id,
/// SessionId = partition key, Subject = event type, trace context in <c>Diagnostic-Id</c> and <c>traceparent</c>, and
/// whom it is for (<see cref="Delivery"/>: live for every subscription, or a backfill for the one in <c>To</c>).
/// An event whose data travels by claim check (<see cref="IntegrationEvent.DataRef"/>) carries <c>dataref</c> and no data.
/// </summary>
public sealed class EnvelopeEncoder
{
    /// <summary>The application property prefix the CloudEvents AMQP binding prefers (usable in SQL filters).</summary>
    public const string Prefix = "cloudEvents_";

    public const string StructuredContentType = "application/cloudevents+json";

    private const string JsonContentType = "application/json";

    // Property names made from the extension attributes' names once, not concatenated per message.
    private static readonly string LsnProperty = Prefix + CloudEventConversion.LsnAttribute.Name;
    private static readonly string OriginalIdProperty = Prefix + CloudEventConversion.OriginalIdAttribute.Name;
    private static readonly string DataRefProperty = Prefix + CloudEventConversion.DataRefAttribute.Name;

    // The last source validated and formatted: a route's source is the same for all of its events.
    private FormattedSource? lastSource;

    private readonly JsonEventFormatter formatter = new(DocumentLimits.SerializerOptions, DocumentLimits.DocumentOptions);

    public ServiceBusMessage Encode(IntegrationEvent integrationEvent)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        var message = integrationEvent.ContentMode == ContentMode.Structured ? Structured(integrationEvent) : Binary(integrationEvent);
        message.MessageId = integrationEvent.Id;
        message.SessionId = SessionIds.For(integrationEvent.PartitionKey);
        message.Subject = integrationEvent.Type;
        if (integrationEvent.CorrelationId is { } correlationId)
            message.CorrelationId = correlationId;
        message.ApplicationProperties[Delivery.Property] = Delivery.Of(integrationEvent);
        if (integrationEvent.BackfillSubscription is { } subscription)
            message.To = subscription;

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
        properties[Prefix + "time"] = EventTime.Format(integrationEvent.Time);
        properties[Prefix + "partitionkey"] = integrationEvent.PartitionKey;
        if (integrationEvent.DataSchema is { } dataSchema)
            properties[Prefix + "dataschema"] = CloudEventAttributeType.Uri.Format(dataSchema);
        if (integrationEvent.LsnAttributeValue is { } lsn)
            properties[LsnProperty] = lsn;
        if (integrationEvent.OriginalId is { } originalId)
            properties[OriginalIdProperty] = originalId;
        if (integrationEvent.DataRef is { } dataRef)
            properties[DataRefProperty] = CloudEventConversion.DataRefAttribute.Format(dataRef);
        return message;
    }

    private ServiceBusMessage Structured(IntegrationEvent integrationEvent)
    {
        var body = string.Equals(integrationEvent.DataContentType, JsonContentType, StringComparison.OrdinalIgnoreCase)
            ? StructuredJson(integrationEvent)
            : formatter.EncodeStructuredModeMessage(integrationEvent.ToCloudEvent(), out _);
        return new ServiceBusMessage(new BinaryData(body)) { ContentType = StructuredContentType };
    }

    /// <summary>
    /// What <see cref="JsonEventFormatter"/> writes for <see cref="CloudEventConversion.ToCloudEvent"/> of a JSON event
    /// (same attributes, order, validation and JSON writer settings), without building the CloudEvent or a copy of the
    /// data: the data is embedded as written (validated, not re-formatted), straight into a pooled buffer.
    /// </summary>
    private byte[] StructuredJson(IntegrationEvent integrationEvent)
    {
        var version = CloudEventsSpecVersion.V1_0;
        using var buffer = new PooledBufferWriter(integrationEvent.Data.Length + 4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(CloudEventsSpecVersion.SpecVersionAttribute.Name, version.VersionId);
            WriteAttribute(writer, version.IdAttribute, integrationEvent.Id);
            writer.WriteString(version.SourceAttribute.Name, Source(integrationEvent.Source));
            WriteAttribute(writer, version.TypeAttribute, integrationEvent.Type);
            WriteAttribute(writer, version.SubjectAttribute, integrationEvent.Subject);
            writer.WriteString(version.TimeAttribute.Name, EventTime.Format(integrationEvent.Time)); // every DateTimeOffset is a valid time
            WriteAttribute(writer, version.DataContentTypeAttribute, integrationEvent.DataContentType);
            WriteAttribute(writer, version.DataSchemaAttribute, integrationEvent.DataSchema);
            WriteAttribute(writer, Partitioning.PartitionKeyAttribute, integrationEvent.PartitionKey);
            WriteAttribute(writer, CloudEventConversion.LsnAttribute, integrationEvent.LsnAttributeValue);
            WriteAttribute(writer, CloudEventConversion.OriginalIdAttribute, integrationEvent.OriginalId);
            WriteAttribute(writer, CloudEventConversion.DataRefAttribute, integrationEvent.DataRef);
            if (integrationEvent.DataRef is null)
            {
                writer.WritePropertyName("data");
                // The data is JSON already: embedded as it is, not parsed and written again; checked unless the router
                // wrote it itself from a parsed document (checking is a full read of the data: most of the cost here),
                // to the data path's depth (WriteRawValue's own check stops at 64 levels).
                if (!integrationEvent.DataIsWellFormedJson)
                    DocumentLimits.EnsureJsonValue(integrationEvent.Data.Span);
                writer.WriteRawValue(integrationEvent.Data.Span, skipInputValidation: true);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>What setting the attribute on a CloudEvent and formatting it does: validate, then write as a string (null: absent).</summary>
    private static void WriteAttribute(Utf8JsonWriter writer, CloudEventAttribute attribute, object? value)
    {
        if (value is null)
            return;

        // A string attribute formats as itself, and a plain value cannot be refused (PlainAttributeValue).
        if (value is string text && attribute.Type == CloudEventAttributeType.String && PlainAttributeValue.Is(text))
        {
            writer.WriteString(attribute.Name, text);
            return;
        }

        writer.WriteString(attribute.Name, attribute.Format(attribute.Validate(value)));
    }

    /// <summary>The <c>source</c> attribute as the formatter writes it (validated as a URI reference), once per distinct source.</summary>
    private string Source(string source)
    {
        if (lastSource is { } last && string.Equals(last.Source, source, StringComparison.Ordinal))
            return last.Text;

        var attribute = CloudEventsSpecVersion.V1_0.SourceAttribute;
        var text = attribute.Format(attribute.Validate(new Uri(source, UriKind.RelativeOrAbsolute)));
        lastSource = new FormattedSource(source, text);
        return text;
    }

    private sealed record FormattedSource(string Source, string Text);

    private static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.Id : null;
}

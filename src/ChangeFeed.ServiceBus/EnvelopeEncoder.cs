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
        var structured = integrationEvent.ContentMode == ContentMode.Structured;
        var message = structured ? Structured(integrationEvent) : new ServiceBusMessage(new BinaryData(integrationEvent.Data));
        var traceParent = integrationEvent.TraceParent ?? CurrentTraceParent();
        var properties = Sized(message, PropertyCount(integrationEvent, structured, traceParent is not null));
        if (!structured)
            Binary(integrationEvent, message, properties);

        message.MessageId = integrationEvent.Id;
        message.SessionId = SessionIds.For(integrationEvent.PartitionKey);
        message.Subject = integrationEvent.Type;
        if (integrationEvent.CorrelationId is { } correlationId)
            message.CorrelationId = correlationId;
        properties[Delivery.Property] = Delivery.Of(integrationEvent);
        if (integrationEvent.BackfillSubscription is { } subscription)
            message.To = subscription;

        if (integrationEvent.Properties is { } extra)
        {
            foreach (var (key, value) in extra)
                properties[key] = value;
        }

        if (traceParent is not null)
        {
            properties["Diagnostic-Id"] = traceParent;
            properties["traceparent"] = traceParent;
        }

        return message;
    }

    /// <summary>
    /// The message's application properties, with room for <paramref name="count"/>: the SDK creates an empty
    /// dictionary that would grow three times on the way to a binary event's ten or so. Sizing it changes nothing
    /// sent (a dictionary that is only added to enumerates in insertion order, whatever its capacity).
    /// </summary>
    private static IDictionary<string, object> Sized(ServiceBusMessage message, int count)
    {
        var properties = message.ApplicationProperties;

        // The SDK declares an IDictionary and creates a Dictionary; should that change, the properties are added
        // to whatever it creates, unsized.
        if (properties is Dictionary<string, object> dictionary)
            dictionary.EnsureCapacity(count);
        return properties;
    }

    /// <summary>How many application properties <see cref="Encode"/> sets (an upper bound: a key set twice counts twice).</summary>
    private static int PropertyCount(IntegrationEvent integrationEvent, bool structured, bool traced)
    {
        var count = 1 + (integrationEvent.Properties?.Count ?? 0) + (traced ? 2 : 0);
        if (!structured)
        {
            count += 7
                + (integrationEvent.DataSchema is null ? 0 : 1)
                + (integrationEvent.Lsn > 0 ? 1 : 0)
                + (integrationEvent.OriginalId is null ? 0 : 1)
                + (integrationEvent.DataRef is null ? 0 : 1);
        }

        return count;
    }

    private static void Binary(IntegrationEvent integrationEvent, ServiceBusMessage message, IDictionary<string, object> properties)
    {
        message.ContentType = integrationEvent.DataContentType;
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

using System.Globalization;
using System.Net.Mime;
using Azure.Messaging.ServiceBus;
using ChangeFeed.Envelope;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;

namespace ChangeFeed.ServiceBus;

/// <summary>
/// Reads a CloudEvent back from a received Service Bus message, in either content mode, with the CloudNative.CloudEvents
/// SDK. What a subscriber uses; throws <see cref="ArgumentException"/> naming what is wrong for a message that is not a CloudEvent.
/// </summary>
public sealed class EnvelopeDecoder
{
    // Any depth Cosmos DB accepts, in the data and around it (the formatter's defaults stop at 64 levels).
    private readonly JsonEventFormatter formatter = new(DocumentLimits.SerializerOptions, DocumentLimits.DocumentOptions);

    public CloudEvent Decode(ServiceBusReceivedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.ContentType?.StartsWith(EnvelopeEncoder.StructuredContentType, StringComparison.OrdinalIgnoreCase) == true)
            return formatter.DecodeStructuredModeMessage(message.Body.ToMemory(), new ContentType(message.ContentType), CloudEventConversion.ExtensionAttributes);

        if (!message.ApplicationProperties.TryGetValue(EnvelopeEncoder.Prefix + "specversion", out var version)
            || CloudEventsSpecVersion.FromVersionId(version as string) is not { } specVersion)
        {
            throw new ArgumentException(
                $"Message {message.MessageId} is not a CloudEvent: no '{EnvelopeEncoder.Prefix}specversion' application property and content type '{message.ContentType}'.",
                nameof(message));
        }

        var cloudEvent = new CloudEvent(specVersion, CloudEventConversion.ExtensionAttributes);
        foreach (var (key, value) in message.ApplicationProperties)
        {
            if (!key.StartsWith(EnvelopeEncoder.Prefix, StringComparison.Ordinal) || key.Length == EnvelopeEncoder.Prefix.Length)
                continue;
            var name = key[EnvelopeEncoder.Prefix.Length..];
            if (name == CloudEventsSpecVersion.SpecVersionAttribute.Name)
                continue;
            cloudEvent.SetAttributeFromString(name, Format(value));
        }

        cloudEvent.DataContentType = message.ContentType;
        formatter.DecodeBinaryModeEventData(message.Body.ToMemory(), cloudEvent);
        return cloudEvent.Validate();
    }

    private static string Format(object value) => value switch
    {
        DateTime time => CloudEventAttributeType.Timestamp.Format(new DateTimeOffset(time.ToUniversalTime(), TimeSpan.Zero)),
        DateTimeOffset time => CloudEventAttributeType.Timestamp.Format(time),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };
}

using System.Globalization;
using System.Net.Mime;
using Azure.Messaging.ServiceBus;
using ChangeFeed.Envelope;
using ChangeFeed.Publishing;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;

namespace ChangeFeed.ServiceBus;

/// <summary>
/// Reads a CloudEvent back from a received Service Bus message, in either content mode, with the CloudNative.CloudEvents
/// SDK. What a subscriber uses; throws <see cref="ArgumentException"/> naming what is wrong for a message that is not a CloudEvent.
/// <see cref="DecodeAsync"/> also reads the data of an event that travelled by claim check (<c>dataref</c>) from the
/// <paramref name="claimCheck"/> store, signed in as the subscriber, so that handlers see its data like any other's.
/// </summary>
public sealed class EnvelopeDecoder(IClaimCheckStore? claimCheck = null)
{
    // Any depth Cosmos DB accepts, in the data and around it (the formatter's defaults stop at 64 levels).
    private readonly JsonEventFormatter formatter = new(DocumentLimits.SerializerOptions, DocumentLimits.DocumentOptions);

    /// <summary>
    /// The CloudEvent, with its data read from the claim check store when the message carries <c>dataref</c> instead.
    /// Throws <see cref="InvalidOperationException"/> when that data cannot be had whatever the retries (no store
    /// configured, nothing stored there any more), and the store's own exception for a failure a retry may fix.
    /// </summary>
    public async Task<CloudEvent> DecodeAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken)
    {
        var cloudEvent = Read(message);
        if (!IsClaimCheck(cloudEvent, out var dataRef))
            return cloudEvent;

        if (claimCheck is null)
        {
            throw new InvalidOperationException(
                $"Message {message.MessageId} carries its data at dataref {dataRef} (claim check), but this subscriber has no claim check store to read it from: configure one (see docs/large-events.md).");
        }

        var data = await claimCheck.ReadAsync(dataRef, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException(
                $"Message {message.MessageId} carries its data at dataref {dataRef}, where nothing is stored: it expired after the claim check retention, or was never written.");
        formatter.DecodeBinaryModeEventData(data, cloudEvent);
        return cloudEvent;
    }

    /// <summary>
    /// The CloudEvent as the message holds it, without I/O. Throws <see cref="InvalidOperationException"/> for an event
    /// whose data travelled by claim check: use <see cref="DecodeAsync"/>, which reads it.
    /// </summary>
    public CloudEvent Decode(ServiceBusReceivedMessage message)
    {
        var cloudEvent = Read(message);
        return IsClaimCheck(cloudEvent, out var dataRef)
            ? throw new InvalidOperationException($"Message {message.MessageId} carries its data at dataref {dataRef} (claim check): decode it with DecodeAsync, which reads it.")
            : cloudEvent;
    }

    private CloudEvent Read(ServiceBusReceivedMessage message)
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

    /// <summary>A claim check: <c>dataref</c> and no data of its own (an event with both keeps the data it carries).</summary>
    private static bool IsClaimCheck(CloudEvent cloudEvent, out Uri dataRef)
    {
        dataRef = (cloudEvent[CloudEventConversion.DataRefAttribute] as Uri)!;
        if (dataRef is null || cloudEvent.Data is not null)
            return false;
        if (!dataRef.IsAbsoluteUri)
            throw new ArgumentException($"Event {cloudEvent.Id} has dataref '{dataRef}', which is not an absolute URI: nothing can be read from it.", nameof(cloudEvent));
        return true;
    }

    private static string Format(object value) => value switch
    {
        DateTime time => CloudEventAttributeType.Timestamp.Format(new DateTimeOffset(time.ToUniversalTime(), TimeSpan.Zero)),
        DateTimeOffset time => CloudEventAttributeType.Timestamp.Format(time),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };
}

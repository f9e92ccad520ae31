using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.Extensions;

namespace ChangeFeed.Envelope;

/// <summary>The CloudNative.CloudEvents view of an <see cref="IntegrationEvent"/>.</summary>
public static class CloudEventConversion
{
    /// <summary>
    /// The CloudEvents <c>dataref</c> extension (a URI reference): where the data of an event that travels by claim
    /// check is stored. A message that carries it has no data of its own.
    /// </summary>
    public static CloudEventAttribute DataRefAttribute { get; } = CloudEventAttribute.CreateExtension("dataref", CloudEventAttributeType.UriReference);

    /// <summary>The extension attributes ChangeFeed sets; pass them when decoding so they are typed.</summary>
    public static IReadOnlyList<CloudEventAttribute> ExtensionAttributes { get; } = [Partitioning.PartitionKeyAttribute, DataRefAttribute];

    public static CloudEvent ToCloudEvent(this IntegrationEvent integrationEvent)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0, ExtensionAttributes)
        {
            Id = integrationEvent.Id,
            Source = new Uri(integrationEvent.Source, UriKind.RelativeOrAbsolute),
            Type = integrationEvent.Type,
            Subject = integrationEvent.Subject,
            Time = integrationEvent.Time,
            DataContentType = integrationEvent.DataContentType,
            Data = integrationEvent.DataRef is not null ? null
                : IsJson(integrationEvent.DataContentType) ? JsonSerializer.Deserialize<JsonElement>(integrationEvent.Data.Span, DocumentLimits.SerializerOptions)
                : integrationEvent.Data.ToArray(),
        };
        cloudEvent.SetPartitionKey(integrationEvent.PartitionKey);
        if (integrationEvent.DataRef is { } dataRef)
            cloudEvent[DataRefAttribute] = dataRef;
        return cloudEvent;
    }

    private static bool IsJson(string contentType) =>
        contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
        || contentType.Contains("+json", StringComparison.OrdinalIgnoreCase);
}

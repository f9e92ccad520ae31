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

    /// <summary>
    /// <c>lsn</c>: the change's position in its container's change feed (Cosmos DB <c>_lsn</c>, decimal). The changes of
    /// one logical partition, so of one entity, have increasing positions: of two events of the same entity the higher
    /// <c>lsn</c> is the newer state, whichever arrived first. Positions of different partitions are not comparable. A
    /// string, because CloudEvents integers stop at 2^31 and an <c>_lsn</c> does not.
    /// </summary>
    public static CloudEventAttribute LsnAttribute { get; } = CloudEventAttribute.CreateExtension("lsn", CloudEventAttributeType.String);

    /// <summary><c>originalid</c>: on a backfilled event only, the <c>id</c> the same change has when the relay publishes it live.</summary>
    public static CloudEventAttribute OriginalIdAttribute { get; } = CloudEventAttribute.CreateExtension("originalid", CloudEventAttributeType.String);

    /// <summary>The extension attributes ChangeFeed sets; pass them when decoding so they are typed.</summary>
    public static IReadOnlyList<CloudEventAttribute> ExtensionAttributes { get; } = [Partitioning.PartitionKeyAttribute, LsnAttribute, OriginalIdAttribute, DataRefAttribute];

    /// <summary>The change's position (<see cref="LsnAttribute"/>), null when the event carries none or an unreadable one.</summary>
    public static long? GetLsn(this CloudEvent cloudEvent)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        return cloudEvent[LsnAttribute] is string text && long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var lsn)
            ? lsn
            : null;
    }

    /// <summary>What identifies the change an event carries: <see cref="OriginalIdAttribute"/> on a backfilled event, its <c>id</c> otherwise.</summary>
    public static string? GetOriginalId(this CloudEvent cloudEvent)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        return cloudEvent[OriginalIdAttribute] as string ?? cloudEvent.Id;
    }

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
            DataSchema = integrationEvent.DataSchema,
            Data = integrationEvent.DataRef is not null ? null
                : IsJson(integrationEvent.DataContentType) ? JsonSerializer.Deserialize<JsonElement>(integrationEvent.Data.Span, DocumentLimits.SerializerOptions)
                : integrationEvent.Data.ToArray(),
        };
        cloudEvent.SetPartitionKey(integrationEvent.PartitionKey);
        if (integrationEvent.LsnAttributeValue is { } lsn)
            cloudEvent[LsnAttribute] = lsn;
        if (integrationEvent.OriginalId is { } originalId)
            cloudEvent[OriginalIdAttribute] = originalId;
        if (integrationEvent.DataRef is { } dataRef)
            cloudEvent[DataRefAttribute] = dataRef;
        return cloudEvent;
    }

    private static bool IsJson(string contentType) =>
        contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
        || contentType.Contains("+json", StringComparison.OrdinalIgnoreCase);
}

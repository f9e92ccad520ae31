using System.Text.Json;
using ChangeFeed.Configuration;
using ChangeFeed.Envelope;

namespace ChangeFeed.Routing;

/// <summary>
/// Turns one change (the JSON the change feed delivered, system properties included) into integration events, or
/// into the reason it must be parked. Pure: no I/O, no clock, never throws for a bad document.
/// </summary>
public class Router
{
    /// <summary>Whether this version can route documents of the given mode.</summary>
    public static bool Supports(RouteMode mode) => mode == RouteMode.Cdc;

    public virtual RoutingOutcome Route(Route route, JsonElement change)
    {
        ArgumentNullException.ThrowIfNull(route);
        if (change.ValueKind != JsonValueKind.Object)
            return RoutingOutcome.Park($"the change is a JSON {PartitionKeyPaths.Describe(change.ValueKind)}, not a document object");

        if (!TryGetString(change, "id", out var id))
            return RoutingOutcome.Park("the document has no 'id' string property");

        var lsn = TryGetInt64(change, "_lsn");
        var identified = RoutingOutcome.Park(string.Empty) with { DocumentId = id, Lsn = lsn };
        if (lsn is null)
            return identified with { ParkReason = "the system property '_lsn' is missing or not a number: only changes read from the change feed can be relayed" };

        if (TryGetInt64(change, "_ts") is not { } timestamp)
            return identified with { ParkReason = "the system property '_ts' is missing or not a number: only changes read from the change feed can be relayed" };

        if (route.PartitionKey.TryRead(change, out var partitionKey) is { } keyError)
            return identified with { ParkReason = keyError };

        identified = identified with { PartitionKey = partitionKey };
        string entityType;
        if (route.TypeProperty is { } typeProperty)
        {
            if (!TryGetString(change, typeProperty, out entityType))
                return identified with { ParkReason = $"the type property '{typeProperty}' is missing, empty or not a string" };
        }
        else
        {
            entityType = route.EventType!;
        }

        var deleted = route.SoftDeleteProperty is { } softDelete
            && change.TryGetProperty(softDelete, out var flag) && flag.ValueKind == JsonValueKind.True;

        var integrationEvent = new IntegrationEvent(
            Id: EventId.ForChange(route.Account, route.Database, route.Container, partitionKey, id, lsn.Value),
            Source: route.Source,
            Type: EventType(route, entityType, deleted ? "deleted" : "upserted"),
            Subject: id,
            Time: DateTimeOffset.FromUnixTimeSeconds(timestamp),
            Data: DocumentData.Write(change, route),
            PartitionKey: partitionKey,
            Topic: route.Topic,
            ContentMode: route.ContentMode)
        {
            Lsn = lsn.Value,
            CorrelationId = route.CorrelationIdProperty is { } correlation && TryGetString(change, correlation, out var value) ? value : null,
        };
        return RoutingOutcome.Publish(integrationEvent);
    }

    private static string EventType(Route route, string entityType, string change) =>
        route.TypeVersion is null
            ? $"{route.TypePrefix}{entityType}.{change}"
            : $"{route.TypePrefix}{entityType}.{change}.{route.TypeVersion}";

    private static bool TryGetString(JsonElement document, string name, out string value)
    {
        value = string.Empty;
        if (!document.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.String)
            return false;
        value = element.GetString()!;
        return value.Length > 0;
    }

    private static long? TryGetInt64(JsonElement document, string name) =>
        document.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var value)
            ? value
            : null;
}

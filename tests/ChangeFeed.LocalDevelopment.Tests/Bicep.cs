using System.Text.Json;

namespace ChangeFeed.LocalDevelopment.Tests;

/// <summary>What infra/main.bicep deploys, read from the committed snapshot.</summary>
internal static class Bicep
{
    private static readonly Lazy<JsonDocument> Snapshot = new(() => Repo.Json(Repo.BicepSnapshotFile));

    public static IEnumerable<JsonElement> Resources(string type) =>
        Snapshot.Value.RootElement.GetProperty("predictedResources").EnumerateArray()
            .Where(r => string.Equals(r.GetProperty("type").GetString(), type, StringComparison.OrdinalIgnoreCase));

    public static string Name(JsonElement resource) => resource.GetProperty("name").GetString()!;

    /// <summary>The relay's app settings (values known only at deploy time are ARM expressions "[...]").</summary>
    public static Dictionary<string, string> AppSettings() =>
        Resources("Microsoft.Web/sites/config").Single().GetProperty("properties").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);

    public static JsonElement Outputs => Snapshot.Value.RootElement.GetProperty("outputs");

    /// <summary>Cosmos DB containers: name → (partition key path, default TTL or null).</summary>
    public static Dictionary<string, (string PartitionKeyPath, int? DefaultTtl)> Containers() =>
        Resources("Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers").ToDictionary(
            c => c.GetProperty("properties").GetProperty("resource").GetProperty("id").GetString()!,
            c =>
            {
                var resource = c.GetProperty("properties").GetProperty("resource");
                var path = resource.GetProperty("partitionKey").GetProperty("paths").EnumerateArray().Single().GetString()!;
                return (path, resource.TryGetProperty("defaultTtl", out var ttl) ? ttl.GetInt32() : (int?)null);
            },
            StringComparer.Ordinal);

    public static string DatabaseName() =>
        Resources("Microsoft.DocumentDB/databaseAccounts/sqlDatabases").Single().GetProperty("properties").GetProperty("resource").GetProperty("id").GetString()!;

    /// <summary>Topic → subscription → (requiresSession, its correlation filter rules).</summary>
    public static Dictionary<string, Dictionary<string, SubscriptionRules>> Topics()
    {
        var topics = Resources("Microsoft.ServiceBus/namespaces/topics").Select(t => Name(t).Split('/')[1]).ToList();
        var rules = Resources("Microsoft.ServiceBus/namespaces/topics/subscriptions/rules").ToList();
        return topics.ToDictionary(
            topic => topic,
            topic => Resources("Microsoft.ServiceBus/namespaces/topics/subscriptions")
                .Where(s => Name(s).Split('/')[1] == topic)
                .ToDictionary(
                    s => Name(s).Split('/')[2],
                    s => new SubscriptionRules(
                        s.GetProperty("properties").GetProperty("requiresSession").GetBoolean(),
                        [.. rules.Where(r => Name(r).Split('/')[1] == topic && Name(r).Split('/')[2] == Name(s).Split('/')[2])
                            .Select(r =>
                            {
                                Assert.Equal("CorrelationFilter", r.GetProperty("properties").GetProperty("filterType").GetString());
                                var filter = r.GetProperty("properties").GetProperty("correlationFilter");
                                return new CorrelationRule(
                                    filter.GetProperty("label").GetString()!,
                                    filter.TryGetProperty("to", out var to) ? to.GetString() : null,
                                    filter.TryGetProperty("properties", out var properties) && properties.TryGetProperty("changefeed_delivery", out var delivery) ? delivery.GetString() : null);
                            })
                            .Order()]),
                    StringComparer.Ordinal),
            StringComparer.Ordinal);
    }
}

/// <summary>A correlation filter as the sample subscriptions use it: the type, whom a backfill is for, live or backfill.</summary>
internal sealed record CorrelationRule(string Label, string? To, string? Delivery) : IComparable<CorrelationRule>
{
    public int CompareTo(CorrelationRule? other) =>
        other is null ? 1 : string.CompareOrdinal($"{Label}|{To}|{Delivery}", $"{other.Label}|{other.To}|{other.Delivery}");
}

/// <summary>A subscription's sessions and rules; <see cref="Labels"/> are the event types it lets through.</summary>
internal sealed record SubscriptionRules(bool RequiresSession, IReadOnlyList<CorrelationRule> Rules)
{
    public string[] Labels => [.. Rules.Select(r => r.Label).Distinct().Order(StringComparer.Ordinal)];
}

using static ChangeFeed.Infra.Tests.Snapshot.ResourceTypes;

namespace ChangeFeed.Infra.Tests.Snapshot;

/// <summary>The ARM expressions a snapshot shows for values known only at deploy time.</summary>
public static class SnapshotReferences
{
    public static string RelayIdentityId(this DeploymentSnapshot snapshot) =>
        snapshot.Named(Identity, NameWithPrefix(snapshot, Identity, "id-relay-")).GetProperty("id").GetString()!;

    public static string SubscriberIdentityId(this DeploymentSnapshot snapshot) =>
        snapshot.Named(Identity, NameWithPrefix(snapshot, Identity, "id-subscriber-")).GetProperty("id").GetString()!;

    public static string RelayClientId(this DeploymentSnapshot snapshot) =>
        $"reference('{snapshot.RelayIdentityId()}', '2024-11-30').clientId";

    public static string RelayPrincipalId(this DeploymentSnapshot snapshot) =>
        $"[reference('{snapshot.RelayIdentityId()}', '2024-11-30').principalId]";

    public static string SubscriberPrincipalId(this DeploymentSnapshot snapshot) =>
        $"[reference('{snapshot.SubscriberIdentityId()}', '2024-11-30').principalId]";

    public static string ApplicationInsightsConnectionString(this DeploymentSnapshot snapshot) =>
        $"[reference('{snapshot.Id(ApplicationInsights)}', '2020-02-02').ConnectionString]";

    public static IReadOnlyDictionary<string, string> AppSettings(this DeploymentSnapshot snapshot) =>
        snapshot.One(SiteConfig).GetProperty("properties").StringMap();

    private static string NameWithPrefix(DeploymentSnapshot snapshot, string type, string prefix) =>
        Assert.Single(snapshot.OfType(type), r => r.GetProperty("name").GetString()!.StartsWith(prefix, StringComparison.Ordinal))
            .GetProperty("name").GetString()!;
}

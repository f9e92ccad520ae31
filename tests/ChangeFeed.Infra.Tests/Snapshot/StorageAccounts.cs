using System.Text.Json;
using static ChangeFeed.Infra.Tests.Snapshot.ResourceTypes;

namespace ChangeFeed.Infra.Tests.Snapshot;

/// <summary>
/// The two storage accounts: the Function App's (host storage, deployment package) and the claim check's (the
/// large-events container; a dedicated account, see infra/modules/large-events-storage.bicep).
/// </summary>
public static class StorageAccounts
{
    public const string LargeEventsContainerName = "large-events";

    public static JsonElement HostStorage(this DeploymentSnapshot snapshot) =>
        Assert.Single(snapshot.OfType(StorageAccount), account => account.Text("id") != snapshot.LargeEventsStorage().Text("id"));

    public static JsonElement LargeEventsStorage(this DeploymentSnapshot snapshot)
    {
        var container = snapshot.LargeEventsContainer().Text("id");
        return Assert.Single(snapshot.OfType(StorageAccount), account => container.StartsWith(account.Text("id") + "/", StringComparison.Ordinal));
    }

    public static JsonElement LargeEventsContainer(this DeploymentSnapshot snapshot) => snapshot.Named(BlobContainer, LargeEventsContainerName);

    /// <summary>The blob containers of one storage account.</summary>
    public static IReadOnlyList<JsonElement> ContainersOf(this DeploymentSnapshot snapshot, JsonElement account) =>
        [.. snapshot.OfType(BlobContainer).Where(c => c.Text("id").StartsWith(account.Text("id") + "/", StringComparison.Ordinal))];
}

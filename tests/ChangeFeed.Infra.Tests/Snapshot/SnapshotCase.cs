namespace ChangeFeed.Infra.Tests.Snapshot;

/// <summary>
/// A committed snapshot: Snapshots/&lt;Name&gt;.bicepparam (fixed inputs) and Snapshots/&lt;Name&gt;.snapshot.json
/// (what infra/main.bicep deploys with them).
/// To regenerate after an intended change to infra/ (from the repository root; review the diff):
///   bicep snapshot tests/ChangeFeed.Infra.Tests/Snapshots/NAME.bicepparam --mode overwrite \
///     --subscription-id 00000000-0000-0000-0000-0000000000aa --tenant-id 00000000-0000-0000-0000-0000000000bb \
///     --location swedencentral --deployment-name changefeed-snapshot
/// (bicep is ~/.nuget/packages/azure.bicep.commandline.linux-x64/0.49.2/tools/bicep after a restore.)
/// </summary>
public sealed record SnapshotCase(string Name)
{
    public const string SubscriptionId = "00000000-0000-0000-0000-0000000000aa";
    public const string TenantId = "00000000-0000-0000-0000-0000000000bb";
    public const string Location = "swedencentral";
    public const string DeploymentName = "changefeed-snapshot";

    /// <summary>Defaults: serverless Cosmos DB, Standard Service Bus, no VNet.</summary>
    public static SnapshotCase Default { get; } = new("main");

    /// <summary>vnetEnabled, Premium Service Bus with 2 partitions, provisioned throughput, continuous backup.</summary>
    public static SnapshotCase Private { get; } = new("private");

    /// <summary>Standard Service Bus with the topics created partitioned.</summary>
    public static SnapshotCase Partitioned { get; } = new("partitioned");

    /// <summary>As .github/workflows/azure-dev.yml provisions: a service principal, no developer data roles.</summary>
    public static SnapshotCase Pipeline { get; } = new("pipeline");

    public string ParametersFile => Path.Combine(Bicep.TestPaths.SnapshotsDirectory, $"{Name}.bicepparam");

    public string SnapshotFile => Path.Combine(Bicep.TestPaths.SnapshotsDirectory, $"{Name}.snapshot.json");

    public static IReadOnlyList<string> FixedArguments =>
    [
        "--subscription-id", SubscriptionId,
        "--tenant-id", TenantId,
        "--location", Location,
        "--deployment-name", DeploymentName,
    ];

    public string RegenerateCommand =>
        $"bicep snapshot tests/ChangeFeed.Infra.Tests/Snapshots/{Name}.bicepparam --mode overwrite {string.Join(' ', FixedArguments)}";
}

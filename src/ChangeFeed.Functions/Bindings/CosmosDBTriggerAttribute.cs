// Stand-in for the CosmosDBTriggerAttribute of the official worker package
// Microsoft.Azure.Functions.Worker.Extensions.CosmosDB (4.14.0), which the package mirror of the build machines
// does not serve. Same namespace, name, shape and binding capability, so the Worker SDK emits the same
// `cosmosDBTrigger` binding into functions.metadata and the generated metadata provider.
// The ExtensionInformation below makes the Worker SDK put the host-side extension into the generated
// WorkerExtensions.csproj; build/FunctionsExtensionsOffline.targets restores it where the feed serves it.
// Switching to the official package: set UseOfficialCosmosDBExtension=true in ChangeFeed.Functions.csproj
// (this file is then left out of the build and the package is referenced instead).
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

[assembly: ExtensionInformation("Microsoft.Azure.WebJobs.Extensions.CosmosDB", "4.11.0")]

namespace Microsoft.Azure.Functions.Worker;

/// <summary>Runs the function with the changes of a Cosmos DB container (its change feed, latest-version mode).</summary>
[BindingCapabilities("FunctionLevelRetry")]
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class CosmosDBTriggerAttribute : TriggerBindingAttribute
{
    /// <param name="databaseName">The database of the watched container; <c>%SETTING%</c> reads an app setting.</param>
    /// <param name="containerName">The watched container; <c>%SETTING%</c> reads an app setting.</param>
    public CosmosDBTriggerAttribute(string databaseName, string containerName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databaseName);
        ArgumentException.ThrowIfNullOrWhiteSpace(containerName);
        DatabaseName = databaseName;
        ContainerName = containerName;
    }

    /// <summary>The database of the watched container.</summary>
    public string DatabaseName { get; }

    /// <summary>The watched container.</summary>
    public string ContainerName { get; }

    /// <summary>The app setting (or prefix of <c>__accountEndpoint</c>/<c>__credential</c> settings) of the account.</summary>
    public string? Connection { get; set; }

    /// <summary>The app setting of the lease container's account, when it is not <see cref="Connection"/>.</summary>
    public string? LeaseConnection { get; set; }

    /// <summary>The lease container; the host's default is <c>leases</c>.</summary>
    public string? LeaseContainerName { get; set; }

    /// <summary>The lease container's database, when it is not <see cref="DatabaseName"/>.</summary>
    public string? LeaseDatabaseName { get; set; }

    /// <summary>Prefix of this trigger's lease documents, so that triggers can share one lease container.</summary>
    public string? LeaseContainerPrefix { get; set; }

    /// <summary>Whether the host creates the lease container when it is missing.</summary>
    public bool CreateLeaseContainerIfNotExists { get; set; }

    /// <summary>Throughput of a lease container the host creates.</summary>
    public int LeasesContainerThroughput { get; set; }

    /// <summary>Milliseconds between polls of a drained partition (host default 5000).</summary>
    public int FeedPollDelay { get; set; }

    /// <summary>Milliseconds between lease balancing runs (host default 13000).</summary>
    public int LeaseAcquireInterval { get; set; }

    /// <summary>Milliseconds a lease is held without renewal (host default 60000).</summary>
    public int LeaseExpirationInterval { get; set; }

    /// <summary>Milliseconds between lease renewals (host default 17000).</summary>
    public int LeaseRenewInterval { get; set; }

    /// <summary>Most changes handed to one invocation.</summary>
    public int MaxItemsPerInvocation { get; set; }

    /// <summary>Whether a trigger without leases starts at the beginning of the change feed instead of now.</summary>
    public bool StartFromBeginning { get; set; }

    /// <summary>ISO 8601 time (UTC) a trigger without leases starts from.</summary>
    public string? StartFromTime { get; set; }

    /// <summary>Comma-separated preferred regions of a geo-replicated account.</summary>
    public string? PreferredLocations { get; set; }
}

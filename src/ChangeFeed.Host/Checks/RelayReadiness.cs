using ChangeFeed.Configuration;
using ChangeFeed.Host.Configuration;
using ChangeFeed.Hosting;
using ChangeFeed.Routing;
using Microsoft.Extensions.Configuration;

namespace ChangeFeed.Host.Checks;

/// <summary>
/// Everything the relay will need, per route, as <c>check</c> reports it: first what every route shares (the account,
/// the lease and parking containers, the claim check container when a route sends large events by claim check), then
/// each route's watched container, change feed and topics.
/// </summary>
/// <param name="unreachable">The services whose port did not answer the probe, by <see cref="Commands.RelayEndpoints"/> name, with their failure: their checks are skipped.</param>
public sealed class RelayReadiness(
    CosmosReadiness cosmos, ServiceBusReadiness serviceBus, ClaimCheckReadiness? claimCheck, IConfiguration configuration, ProcessorHostOptions host,
    IReadOnlyDictionary<string, CheckResult> unreachable)
{
    private const string Parked = "/sourceContainer";

    // The custom roles azd up grants the relay's identity per container (docs/deploy.md, decision 0014).
    private const string ChangeReader = "ChangeFeed change reader";
    private const string ItemWriter = "ChangeFeed item writer";

    public async Task RunAsync(IReadOnlyList<Route> routes, CheckReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(report);
        var database = configuration[RelaySettings.CosmosDatabase]!;
        var leases = configuration[RelaySettings.LeasesContainer]!;
        var parked = configuration[RelaySettings.ParkedContainer] is { Length: > 0 } container ? container : "parked";

        await report.SectionAsync("Cosmos DB");
        var account = await report.AddAsync(unreachable.GetValueOrDefault(Commands.RelayEndpoints.CosmosDb) ?? await cosmos.AccountAsync(cancellationToken));
        if (account.Passed)
        {
            var (leaseResult, leasesExist) = await cosmos.ContainerAsync(database, leases, ["/id"], "lease container", ItemWriter,
                (RelaySettings.CosmosDatabase, RelaySettings.LeasesContainer),
                actual => $"The change feed processors need a lease container partitioned on /id: create one (e.g. 'leases') and set {RelaySettings.LeasesContainer} to it.",
                cancellationToken);
            await report.AddAsync(leaseResult);
            await report.AddAsync(leaseResult.Passed
                ? await cosmos.WritableAsync(database, leases, ItemWriter, cancellationToken)
                : CheckResult.Skip($"lease container {database}/{leases} can be written", leasesExist ? "it is not partitioned on /id" : "it does not exist"));
            var (parkedResult, _) = await cosmos.ContainerAsync(database, parked, [Parked], "parked container", ItemWriter,
                (RelaySettings.CosmosDatabase, RelaySettings.ParkedContainer),
                actual => $"Parked changes are stored by source container: create a container partitioned on {Parked} with time to live on (e.g. 'parked') and set {RelaySettings.ParkedContainer} to it.",
                cancellationToken);
            await report.AddAsync(parkedResult);
        }
        else
        {
            await report.AddAsync(CheckResult.Skip($"lease container {database}/{leases}", "the account did not answer"));
            await report.AddAsync(CheckResult.Skip($"parked container {database}/{parked}", "the account did not answer"));
        }

        if (claimCheck is not null && routes.Any(route => route.LargeEvents == LargeEventHandling.ClaimCheck))
        {
            await report.SectionAsync("Blob Storage (claim check for large events)");
            await report.AddAsync(unreachable.GetValueOrDefault(Commands.RelayEndpoints.ClaimCheck) ?? await claimCheck.WritableAsync(cancellationToken));
        }

        var busDown = unreachable.GetValueOrDefault(Commands.RelayEndpoints.ServiceBus);
        if (busDown is not null)
        {
            await report.SectionAsync("Service Bus");
            await report.AddAsync(busDown);
        }

        foreach (var route in routes)
            await RouteAsync(route, account.Passed, busDown is null, report, cancellationToken);
    }

    private async Task RouteAsync(Route route, bool accountAnswers, bool namespaceAnswers, CheckReport report, CancellationToken cancellationToken)
    {
        var prefix = $"{ChangeFeedOptions.SectionName}__Routes__{route.Name}__";
        var paths = route.PartitionKey.Paths;
        await report.SectionAsync($"Route {route.Name} ({route.Mode.ToString().ToLowerInvariant()}): {route.Database}/{route.Container} → {string.Join(", ", Topics(route))}");
        if (!accountAnswers)
        {
            await report.AddAsync(CheckResult.Skip($"watched container {route.Database}/{route.Container}", "the account did not answer"));
        }
        else
        {
            var (container, exists) = await cosmos.ContainerAsync(route.Database, route.Container, paths, "watched container", ChangeReader, ($"{prefix}Database", $"{prefix}Container"),
                actual => $"Set {prefix}PartitionKeyPath={actual} (the container's key: it orders and keys the events), or point {prefix}Container at a container partitioned on {string.Join(",", paths)}.",
                cancellationToken);
            await report.AddAsync(container);
            var allVersions = host.ParsedMode == ProcessorMode.AllVersionsAndDeletes;
            await report.AddAsync(exists
                ? await cosmos.ChangeFeedAsync(route.Database, route.Container, allVersions, ChangeReader, cancellationToken)
                : CheckResult.Skip($"change feed of {route.Database}/{route.Container}", "the container does not exist"));
        }

        if (!namespaceAnswers)
        {
            foreach (var topic in Topics(route))
                await report.AddAsync(CheckResult.Skip($"topic {topic}", "the namespace did not answer"));
            return;
        }

        await report.AddAsync(await serviceBus.TopicAsync(route.Topic, $"{prefix}Topic", cancellationToken));
        foreach (var (aggregate, topic) in route.AggregateTopics.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            await report.AddAsync(await serviceBus.TopicAsync(topic, $"{prefix}AggregateTopics ({aggregate}={topic})", cancellationToken));
    }

    private static IEnumerable<string> Topics(Route route) =>
        new[] { route.Topic }.Concat(route.AggregateTopics.Values).Distinct(StringComparer.OrdinalIgnoreCase);
}

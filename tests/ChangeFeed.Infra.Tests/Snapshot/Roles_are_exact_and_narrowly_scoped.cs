using ChangeFeed.Infra.Tests.Bicep;
using static ChangeFeed.Infra.Tests.Snapshot.ResourceTypes;

namespace ChangeFeed.Infra.Tests.Snapshot;

/// <summary>
/// Every role assignment, listed in full: an extra grant, a wider scope or a different role fails.
/// Role ids are Azure built-in roles (learn.microsoft.com, "Azure built-in roles").
/// </summary>
[Collection(SharedBicepRuns.Name)]
public sealed class Roles_are_exact_and_narrowly_scoped(BicepFixture bicep)
{
    private const string ServiceBusDataSender = "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39";
    private const string ServiceBusDataReceiver = "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0";
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string StorageBlobDataReader = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string CosmosDataContributor = "00000000-0000-0000-0000-000000000002";
    private const string Developer = "11111111-2222-3333-4444-555555555555";

    private DeploymentSnapshot Snapshot => bicep.Default;

    [Fact]
    public void azure_rbac_assignments_are_exactly_the_designed_ones()
    {
        var relay = Snapshot.RelayPrincipalId();
        var subscriber = Snapshot.SubscriberPrincipalId();
        var storage = Snapshot.HostStorage().Text("id");
        var largeEvents = Snapshot.LargeEventsContainer().Text("id");
        var topics = Snapshot.OfType(Topic).Select(t => t.Text("id")).ToList();
        var subscriptions = Snapshot.OfType(Subscription).Select(s => s.Text("id")).ToList();
        Assert.Equal(3, topics.Count);
        Assert.Equal(3, subscriptions.Count);

        List<Grant> expected =
        [
            new(relay, StorageBlobDataOwner, storage),
            new(relay, StorageQueueDataContributor, storage),
            new(relay, StorageTableDataContributor, storage),
            new(relay, MonitoringMetricsPublisher, Snapshot.Id(ApplicationInsights)),
            // The claim check's container only: the relay writes large events, the subscriber and a developer's local relay read and write them.
            new(relay, StorageBlobDataContributor, largeEvents),
            new(subscriber, StorageBlobDataReader, largeEvents),
            new(Developer, StorageBlobDataContributor, largeEvents),
            .. topics.Select(t => new Grant(relay, ServiceBusDataSender, t)),
            .. subscriptions.Select(s => new Grant(subscriber, ServiceBusDataReceiver, s)),
            .. topics.Select(t => new Grant(Developer, ServiceBusDataSender, t)),
            .. subscriptions.Select(s => new Grant(Developer, ServiceBusDataReceiver, s)),
        ];

        Assert.Equal(expected.Order(), AzureRbacGrants().Order());
    }

    [Fact]
    public void cosmos_data_contributor_is_granted_on_the_database_only()
    {
        var account = Snapshot.Id(CosmosAccount);
        var grants = Snapshot.OfType(CosmosRoleAssignment)
            .Select(a => new Grant(a.Text("properties.principalId"), a.Text("properties.roleDefinitionId"), a.Text("properties.scope")));

        Assert.Equal(
            new[]
            {
                new Grant(Snapshot.RelayPrincipalId(), $"{account}/sqlRoleDefinitions/{CosmosDataContributor}", $"{account}/dbs/changefeed"),
                // The sample subscriber writes its inbox and read model (the projections container).
                new Grant(Snapshot.SubscriberPrincipalId(), $"{account}/sqlRoleDefinitions/{CosmosDataContributor}", $"{account}/dbs/changefeed"),
                new Grant(Developer, $"{account}/sqlRoleDefinitions/{CosmosDataContributor}", $"{account}/dbs/changefeed"),
            }.Order(),
            grants.Order());
    }

    [Fact]
    public void identities_are_service_principals_and_the_developer_a_user()
    {
        var assignments = Snapshot.OfType(RoleAssignment);

        Assert.All(assignments, a => Assert.Equal(
            a.Text("properties.principalId") == Developer ? "User" : "ServicePrincipal",
            a.Text("properties.principalType")));
    }

    [Fact]
    public void no_assignment_is_scoped_to_the_resource_group_or_subscription() =>
        Assert.All(AzureRbacGrants(), g => Assert.Contains("/providers/Microsoft.", g.Scope, StringComparison.Ordinal));

    private IEnumerable<Grant> AzureRbacGrants() =>
        Snapshot.OfType(RoleAssignment).Select(a =>
        {
            var id = a.Text("id");
            var scope = id[..id.IndexOf("/providers/Microsoft.Authorization/roleAssignments/", StringComparison.Ordinal)];
            var role = a.Text("properties.roleDefinitionId");
            Assert.Equal($"/subscriptions/{SnapshotCase.SubscriptionId}/providers/Microsoft.Authorization/roleDefinitions/", role[..^36]);
            return new Grant(a.Text("properties.principalId"), role[^36..], scope);
        });

    private sealed record Grant(string Principal, string Role, string Scope) : IComparable<Grant>
    {
        public int CompareTo(Grant? other) =>
            string.CompareOrdinal(ToString(), other?.ToString());
    }
}

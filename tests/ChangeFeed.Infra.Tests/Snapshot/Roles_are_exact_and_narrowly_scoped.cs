using System.Text.Json;
using ChangeFeed.Infra.Tests.Bicep;
using static ChangeFeed.Infra.Tests.Snapshot.BuiltInRoles;
using static ChangeFeed.Infra.Tests.Snapshot.ResourceTypes;

namespace ChangeFeed.Infra.Tests.Snapshot;

/// <summary>
/// Every role assignment, listed in full: an extra grant, a wider scope or a different role fails.
/// Role ids are built-in roles (<see cref="BuiltInRoles"/>) or the template's custom Cosmos DB ones.
/// </summary>
[Collection(SharedBicepRuns.Name)]
public sealed class Roles_are_exact_and_narrowly_scoped(BicepFixture bicep)
{

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
            // Host storage is blob only: no queue or table role.
            new(relay, StorageBlobDataOwner, storage),
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
    public void cosmos_data_plane_grants_are_per_container_except_the_developers()
    {
        var account = Snapshot.Id(CosmosAccount);
        var reader = $"{account}/sqlRoleDefinitions/{CustomRole("ChangeFeed change reader").GetProperty("name").GetString()!.Split('/')[1]}";
        var writer = $"{account}/sqlRoleDefinitions/{CustomRole("ChangeFeed item writer").GetProperty("name").GetString()!.Split('/')[1]}";
        var relay = Snapshot.RelayPrincipalId();
        string Container(string name) => $"{account}/dbs/changefeed/colls/{name}";

        Assert.Equal(
            new[]
            {
                // The relay reads the change feed of the watched containers and writes only its own state.
                new Grant(relay, reader, Container("orders")),
                new Grant(relay, reader, Container("outbox")),
                new Grant(relay, reader, Container("events")),
                new Grant(relay, writer, Container("leases")),
                new Grant(relay, writer, Container("parked")),
                // The sample subscriber writes its inbox and read model.
                new Grant(Snapshot.SubscriberPrincipalId(), writer, Container("projections")),
                // Local runs act as relay, subscriber and parked command, and write sample documents.
                new Grant(Developer, $"{account}/sqlRoleDefinitions/{CosmosDataContributor}", $"{account}/dbs/changefeed"),
            }.Order(),
            CosmosGrants().Order());
    }

    [Fact]
    public void the_apps_hold_no_built_in_cosmos_role()
    {
        var builtIn = CosmosGrants().Where(g => g.Role.EndsWith("/sqlRoleDefinitions/" + CosmosDataContributor, StringComparison.Ordinal)
            || g.Role.EndsWith("/sqlRoleDefinitions/" + CosmosDataReader, StringComparison.Ordinal));

        Assert.All(builtIn, g => Assert.Equal(Developer, g.Principal));
        Assert.DoesNotContain(CosmosGrants(), g => g.Principal == Snapshot.RelayPrincipalId() && !g.Scope.Contains("/colls/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ChangeFeed change reader", new[] { "readMetadata", "sqlDatabases/containers/readChangeFeed" })]
    [InlineData("ChangeFeed item writer", new[] { "readMetadata", "sqlDatabases/containers/items/*", "sqlDatabases/containers/executeQuery" })]
    public void custom_cosmos_roles_allow_exactly_their_data_actions_in_the_changefeed_database(string roleName, string[] actions)
    {
        var role = CustomRole(roleName);

        Assert.Equal("CustomRole", role.Text("properties.type"));
        Assert.Equal(
            actions.Select(a => "Microsoft.DocumentDB/databaseAccounts/" + a).Order(),
            Assert.Single(role.At("properties.permissions").EnumerateArray()).At("dataActions").EnumerateArray().Select(a => a.GetString()!).Order());
        Assert.Equal($"{Snapshot.Id(CosmosAccount)}/dbs/changefeed", Assert.Single(role.At("properties.assignableScopes").EnumerateArray()).GetString());
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

    private IEnumerable<Grant> CosmosGrants() =>
        Snapshot.OfType(CosmosRoleAssignment)
            .Select(a => new Grant(a.Text("properties.principalId"), a.Text("properties.roleDefinitionId"), a.Text("properties.scope")));

    private JsonElement CustomRole(string roleName) =>
        Assert.Single(Snapshot.OfType(CosmosRoleDefinition), r => r.Text("properties.roleName") == roleName);

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

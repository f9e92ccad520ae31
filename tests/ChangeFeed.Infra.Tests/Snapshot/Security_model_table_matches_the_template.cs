using System.Text.RegularExpressions;
using ChangeFeed.Infra.Tests.Bicep;
using static ChangeFeed.Infra.Tests.Snapshot.ResourceTypes;

namespace ChangeFeed.Infra.Tests.Snapshot;

/// <summary>
/// docs/deploy.md states the security model as a table (identity, resource, scope, role, actions). Every role assignment
/// the template deploys must be a row of it and every row an assignment, in both snapshots; a custom Cosmos DB role's
/// row lists exactly its data actions. A grant added to infra/ without the docs (or the reverse) fails here.
/// </summary>
[Collection(SharedBicepRuns.Name)]
public sealed class Security_model_table_matches_the_template(BicepFixture bicep)
{
    // The data actions of Cosmos DB's built-in roles, as the docs table abbreviates them.
    private static readonly Dictionary<string, string[]> BuiltInCosmosActions = new(StringComparer.Ordinal)
    {
        ["Cosmos DB Built-in Data Reader"] = ["readMetadata", "executeQuery", "readChangeFeed", "items/read"],
        ["Cosmos DB Built-in Data Contributor"] = ["readMetadata", "containers/*", "items/*"],
    };

    public static TheoryData<string> Cases => new(BicepFixture.Cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public void every_assignment_is_a_row_of_the_table_and_every_row_an_assignment(string snapshotName)
    {
        var snapshot = bicep.Snapshots.Single(s => s.Key.Name == snapshotName).Value;
        // The developer rows hold for a person's azd up; the pipeline (grantDeveloperDataRoles=false) has none of them.
        var pipeline = snapshotName == SnapshotCase.Pipeline.Name;
        var documented = TableRows().Where(row => !(pipeline && row.Identity == "developer"))
            .SelectMany(row => row.Scopes.Select(scope => new Grant(row.Identity, row.Resource, scope, row.Role)));

        Assert.Equal(documented.Order(), Assignments(snapshot).Order());
    }

    [Fact]
    public void cosmos_rows_list_the_roles_data_actions()
    {
        var custom = bicep.Default.OfType(CosmosRoleDefinition).ToDictionary(
            r => r.Text("properties.roleName"),
            r => Assert.Single(r.At("properties.permissions").EnumerateArray()).At("dataActions").EnumerateArray().Select(a => a.GetString()!).ToArray());
        var cosmosRows = TableRows().Where(row => row.Resource.StartsWith("Cosmos DB", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(cosmosRows);
        foreach (var row in cosmosRows)
        {
            var expected = custom.TryGetValue(row.Role, out var actions) ? actions : BuiltInCosmosActions[row.Role].Select(FullCosmosAction).ToArray();
            Assert.True(
                expected.Order().SequenceEqual(row.Actions.Select(FullCosmosAction).Order()),
                $"{row.Identity} / {row.Role}: the table lists {string.Join(", ", row.Actions)}; the role allows {string.Join(", ", expected)}");
        }
    }

    [Fact]
    public void the_table_is_read_whole()
    {
        var rows = TableRows();

        Assert.Equal(["developer", "relay", "subscriber"], rows.Select(r => r.Identity).Distinct().Order());
        Assert.Contains(rows, r => r.Role == "ChangeFeed change reader" && r.Scopes.Contains("changefeed/orders"));
    }

    private static string FullCosmosAction(string action) => action switch
    {
        "readMetadata" => "Microsoft.DocumentDB/databaseAccounts/readMetadata",
        _ when action.StartsWith("containers/", StringComparison.Ordinal) => $"Microsoft.DocumentDB/databaseAccounts/sqlDatabases/{action}",
        _ => $"Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/{action}",
    };

    /// <summary>The rows of the table under "## Security model" in docs/deploy.md; scopes and actions are its code spans.</summary>
    private static List<Row> TableRows()
    {
        var lines = File.ReadAllLines(TestPaths.InRepo("docs", "deploy.md"));
        var heading = Array.IndexOf(lines, "## Security model");
        Assert.True(heading >= 0, "docs/deploy.md has no '## Security model' section");
        var table = lines.Skip(heading).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).ToList();
        Assert.Equal("| identity | resource | scope | role | actions |", table[0]);

        return [.. table.Skip(2).Select(line =>
        {
            var cells = line.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            Assert.Equal(5, cells.Length);
            return new Row(cells[0], cells[1], CodeSpans(cells[2]), cells[3].Replace(" (custom)", "", StringComparison.Ordinal), CodeSpans(cells[4]));
        })];

        static string[] CodeSpans(string cell) =>
            [.. Regex.Matches(cell, "`([^`]+)`").Select(m => m.Groups[1].Value)];
    }

    /// <summary>Every Azure RBAC and Cosmos DB data-plane assignment of a snapshot, in the table's terms.</summary>
    private static List<Grant> Assignments(DeploymentSnapshot snapshot)
    {
        // Generated names carry the environment's resource token; the table writes it <token>.
        var token = snapshot.HostStorage().Text("name")["st".Length..];
        var identities = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [snapshot.RelayPrincipalId()] = "relay",
            [snapshot.SubscriberPrincipalId()] = "subscriber",
            [BuiltInRoles.Developer] = "developer",
        };
        var customRoles = snapshot.OfType(CosmosRoleDefinition).ToDictionary(r => r.Text("id"), r => r.Text("properties.roleName"), StringComparer.Ordinal);

        var rbac = snapshot.OfType(RoleAssignment).Select(a =>
        {
            var id = a.Text("id");
            var (resource, scope) = AzureScope(id[..id.IndexOf("/providers/Microsoft.Authorization/roleAssignments/", StringComparison.Ordinal)], token);
            return new Grant(identities[a.Text("properties.principalId")], resource, scope, BuiltInRoles.Names[a.Text("properties.roleDefinitionId")[^36..]]);
        });
        var cosmos = snapshot.OfType(CosmosRoleAssignment).Select(a =>
        {
            var role = a.Text("properties.roleDefinitionId");
            var path = a.Text("properties.scope").Split("/dbs/")[1].Split('/');
            var (resource, scope) = path.Length == 1 ? ("Cosmos DB database", path[0]) : ("Cosmos DB container", $"{path[0]}/{path[2]}");
            return new Grant(identities[a.Text("properties.principalId")], resource, scope, customRoles.GetValueOrDefault(role) ?? BuiltInRoles.Names[role[^36..]]);
        });
        return [.. rbac, .. cosmos];
    }

    /// <summary>The resource kind and the table's name for an Azure RBAC scope (an ARM resource id).</summary>
    private static (string Resource, string Scope) AzureScope(string scope, string token)
    {
        var segments = scope.Split('/');
        string Name(string type) => segments[Array.LastIndexOf(segments, type) + 1].Replace(token, "<token>", StringComparison.Ordinal);

        var topic = Array.IndexOf(segments, "topics");
        if (topic >= 0)
            return topic + 3 < segments.Length ? ("Service Bus subscription", $"{segments[topic + 1]}/{segments[topic + 3]}") : ("Service Bus topic", segments[topic + 1]);
        if (segments.Contains("containers", StringComparer.Ordinal))
            return ("Storage blob container", $"{Name("storageAccounts")}/{Name("containers")}");
        if (segments.Contains("storageAccounts", StringComparer.Ordinal))
            return ("Storage account", Name("storageAccounts"));
        if (segments.Contains("components", StringComparer.Ordinal))
            return ("Application Insights", Name("components"));
        throw new InvalidOperationException($"The table has no resource kind for assignments on {scope}.");
    }

    private sealed record Row(string Identity, string Resource, string[] Scopes, string Role, string[] Actions);

    private sealed record Grant(string Identity, string Resource, string Scope, string Role) : IComparable<Grant>
    {
        public int CompareTo(Grant? other) => string.CompareOrdinal(ToString(), other?.ToString());
    }
}

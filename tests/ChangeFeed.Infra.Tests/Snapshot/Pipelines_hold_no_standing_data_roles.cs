using System.Text.Json;
using System.Text.RegularExpressions;
using ChangeFeed.Infra.Tests.AzureYaml;
using ChangeFeed.Infra.Tests.Bicep;
using static ChangeFeed.Infra.Tests.Snapshot.ResourceTypes;

namespace ChangeFeed.Infra.Tests.Snapshot;

/// <summary>
/// azd passes its signed-in principal as principalId in every run, a pipeline's included: grantDeveloperDataRoles
/// (AZURE_GRANT_DEVELOPER_DATA_ROLES) decides whether that principal gets the developer's data roles. On for a person's
/// azd up, off in .github/workflows/azure-dev.yml, so the pipeline's service principal holds no standing data access.
/// </summary>
[Collection(SharedBicepRuns.Name)]
public sealed partial class Pipelines_hold_no_standing_data_roles(BicepFixture bicep)
{
    [Fact]
    public void a_persons_azd_up_grants_the_developer_data_roles()
    {
        Assert.NotEmpty(DeveloperAssignments(bicep.Default));
        Assert.True(bicep.Default.Outputs.GetProperty("AZURE_DEVELOPER_DATA_ROLES").GetBoolean());
    }

    [Fact]
    public void the_pipeline_snapshot_grants_its_principal_nothing()
    {
        Assert.Empty(DeveloperAssignments(bicep.Pipeline));
        Assert.False(bicep.Pipeline.Outputs.GetProperty("AZURE_DEVELOPER_DATA_ROLES").GetBoolean());
        // The identities' own roles are unchanged.
        Assert.Equal(
            bicep.Default.OfType(CosmosRoleAssignment).Count + bicep.Default.OfType(RoleAssignment).Count - DeveloperAssignments(bicep.Default).Count,
            bicep.Pipeline.OfType(CosmosRoleAssignment).Count + bicep.Pipeline.OfType(RoleAssignment).Count);
    }

    [Fact]
    public void azd_grants_them_by_default_and_the_workflow_turns_them_off()
    {
        var parameters = File.ReadAllText(TestPaths.InRepo("infra", "main.parameters.json"));
        var workflow = YamlToJson.Convert(File.ReadAllText(TestPaths.InRepo(".github", "workflows", "azure-dev.yml")))!;

        Assert.Equal("${AZURE_GRANT_DEVELOPER_DATA_ROLES=true}", JsonDocument.Parse(parameters).RootElement.At("parameters.grantDeveloperDataRoles.value").GetString());
        Assert.Equal("false", (string?)workflow["jobs"]!["deploy"]!["env"]!["AZURE_GRANT_DEVELOPER_DATA_ROLES"]);
        Assert.Equal("false", ParameterValue(SnapshotCase.Pipeline, "grantDeveloperDataRoles"));
    }

    [Fact]
    public void the_docs_no_longer_advise_an_empty_principal_id()
    {
        var deploy = File.ReadAllText(TestPaths.InRepo("docs", "deploy.md"));

        Assert.DoesNotContain("Leave\n`AZURE_PRINCIPAL_ID` empty", deploy, StringComparison.Ordinal);
        Assert.DoesNotContain("Leave `AZURE_PRINCIPAL_ID` empty", deploy, StringComparison.Ordinal);
        Assert.Contains("AZURE_GRANT_DEVELOPER_DATA_ROLES", deploy, StringComparison.Ordinal);
    }

    private static List<JsonElement> DeveloperAssignments(DeploymentSnapshot snapshot) =>
        [.. snapshot.OfType(RoleAssignment).Concat(snapshot.OfType(CosmosRoleAssignment))
            .Where(a => a.Text("properties.principalId") == BuiltInRoles.Developer)];

    private static string? ParameterValue(SnapshotCase snapshotCase, string name) =>
        ParameterLine().Matches(File.ReadAllText(snapshotCase.ParametersFile))
            .Where(m => m.Groups[1].Value == name).Select(m => m.Groups[2].Value.Trim()).SingleOrDefault();

    [GeneratedRegex(@"^param (\w+) = (.+)$", RegexOptions.Multiline)]
    private static partial Regex ParameterLine();
}

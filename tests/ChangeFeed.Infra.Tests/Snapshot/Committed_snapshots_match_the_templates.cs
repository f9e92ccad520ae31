using System.Text.Json.Nodes;
using ChangeFeed.Infra.Tests.Bicep;

namespace ChangeFeed.Infra.Tests.Snapshot;

/// <summary>
/// Any change to what gets deployed must show as a diff of Snapshots/*.snapshot.json. When this fails
/// after an intended change, regenerate with the command in the message (see SnapshotCase) and review the diff.
/// </summary>
[Collection(SharedBicepRuns.Name)]
public sealed class Committed_snapshots_match_the_templates(BicepFixture bicep)
{
    [Theory]
    [InlineData("main")]
    [InlineData("private")]
    [InlineData("partitioned")]
    [InlineData("pipeline")]
    public void committed_snapshot_equals_what_the_templates_deploy(string name)
    {
        var snapshotCase = BicepFixture.Cases.Single(c => c.Name == name);
        var run = bicep.Validation[snapshotCase];

        Assert.True(File.Exists(snapshotCase.SnapshotFile), $"Missing {snapshotCase.SnapshotFile}. Create it with:\n  {snapshotCase.RegenerateCommand}");
        Assert.True(
            run.ExitCode == 0,
            $"The committed snapshot differs from what infra/ deploys. If the change is intended, regenerate it from the repository root with:\n  {snapshotCase.RegenerateCommand}\n\n{run.Transcript}");
    }

    [Fact]
    public void the_cases_differ_where_the_parameters_differ()
    {
        // Guards the guard: the two committed snapshots are not copies of each other.
        Assert.False(JsonNode.DeepEquals(JsonNode.Parse(bicep.Default.Json), JsonNode.Parse(bicep.Private.Json)));
        Assert.True(bicep.Private.Resources.Count > bicep.Default.Resources.Count);
    }
}

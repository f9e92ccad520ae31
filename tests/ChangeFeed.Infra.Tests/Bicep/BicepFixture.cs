using ChangeFeed.Infra.Tests.Snapshot;

namespace ChangeFeed.Infra.Tests.Bicep;

/// <summary>
/// Runs the Bicep CLI once for the whole test run, all invocations in parallel: lint and build of every
/// .bicep file under infra/, build-params of the snapshot parameter files, and `snapshot --mode validate`
/// of each committed snapshot. Tests only read the results.
/// The snapshot assertions read the committed snapshots: validation proves they are what infra/ deploys
/// now (Committed_snapshots_match_the_templates), which saves generating them a second time.
/// </summary>
public sealed class BicepFixture : IAsyncLifetime
{
    private readonly BicepCli bicep = new(TestPaths.BicepExecutable);
    private readonly string workDirectory = Directory.CreateTempSubdirectory("changefeed-infra-").FullName;

    public static IReadOnlyList<SnapshotCase> Cases { get; } = [SnapshotCase.Default, SnapshotCase.Private, SnapshotCase.Partitioned, SnapshotCase.Pipeline];

    public string BuildDirectory => Path.Combine(workDirectory, "build");

    public string ParametersDirectory => Path.Combine(workDirectory, "parameters");

    public BicepRun Lint { get; private set; } = null!;

    public BicepRun Build { get; private set; } = null!;

    public BicepRun BuildParams { get; private set; } = null!;

    public IReadOnlyDictionary<SnapshotCase, BicepRun> Validation { get; private set; } = null!;

    public IReadOnlyDictionary<SnapshotCase, DeploymentSnapshot> Snapshots { get; } =
        Cases.ToDictionary(c => c, c => new DeploymentSnapshot(File.ReadAllText(c.SnapshotFile)));

    public DeploymentSnapshot Default => Snapshots[SnapshotCase.Default];

    public DeploymentSnapshot Private => Snapshots[SnapshotCase.Private];

    public DeploymentSnapshot Partitioned => Snapshots[SnapshotCase.Partitioned];

    public DeploymentSnapshot Pipeline => Snapshots[SnapshotCase.Pipeline];

    public async Task InitializeAsync()
    {
        var snapshotParameters = Path.GetRelativePath(TestPaths.RepoRoot, TestPaths.SnapshotsDirectory) + "/*.bicepparam";
        var lint = bicep.RunAsync(["lint", "--pattern", "infra/**/*.bicep", "--diagnostics-format", "sarif"]);
        var build = bicep.RunAsync(["build", "--pattern", "infra/**/*.bicep", "--outdir", BuildDirectory]);
        var buildParams = bicep.RunAsync(["build-params", "--pattern", snapshotParameters, "--outdir", ParametersDirectory]);
        var validation = Cases.ToDictionary(c => c, c => bicep.RunAsync(
            ["snapshot", c.ParametersFile, "--mode", "validate", .. SnapshotCase.FixedArguments]));

        await Task.WhenAll([lint, build, buildParams, .. validation.Values]);

        Lint = await lint;
        Build = await build;
        BuildParams = await buildParams;
        Validation = Cases.ToDictionary(c => c, c => validation[c].Result);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(workDirectory, recursive: true);
        return Task.CompletedTask;
    }
}

using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ChangeFeed.Infra.Tests.AzureYaml;
using ChangeFeed.Infra.Tests.Bicep;

namespace ChangeFeed.Infra.Tests.Workflows;

/// <summary>
/// The GitHub workflows, parsed: every command a step runs is a script of the repository or a tool an earlier step of
/// the job installed, every file a step names exists, and the azd pipeline provisions and deploys as a service
/// principal with federated credentials. (GitHub itself cannot run here.)
/// </summary>
public sealed partial class Workflows_run_what_the_repository_holds
{
    // Tools a step's action puts on PATH (or signs in, for az: preinstalled on GitHub's runners).
    private static readonly Dictionary<string, string[]> ToolsByAction = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Azure/setup-azd"] = ["azd"],
        ["actions/setup-dotnet"] = ["dotnet"],
        ["actions/setup-node"] = ["node", "npm"],
        ["azure/login"] = ["az"],
    };

    private static string WorkflowsDirectory => TestPaths.InRepo(".github", "workflows");

    private static IReadOnlyList<string> Files =>
        [.. Directory.GetFiles(WorkflowsDirectory, "*.yml").Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal)];

    public static TheoryData<string> WorkflowFiles => new(Files);

    [Fact]
    public void the_repository_has_the_ci_and_the_azd_workflow()
    {
        Assert.Equal(["azure-dev.yml", "ci.yml"], Files);
    }

    [Theory]
    [MemberData(nameof(WorkflowFiles))]
    public void every_command_is_a_repository_script_or_a_tool_installed_before_it(string file)
    {
        var problems = new List<string>();
        foreach (var (job, _, steps) in Jobs(file))
        {
            var tools = new HashSet<string>(StringComparer.Ordinal);
            foreach (var step in steps)
            {
                if ((string?)step["uses"] is { } action)
                    tools.UnionWith(ToolsByAction.GetValueOrDefault(action.Split('@')[0]) ?? []);
                if ((string?)step["run"] is not { } script)
                    continue;

                foreach (var program in Commands(script).Select(command => command[0]))
                {
                    if (program.Contains('/', StringComparison.Ordinal))
                    {
                        var path = TestPaths.InRepo(RepositoryPath(program));
                        if (!File.Exists(path))
                            problems.Add($"{file} {job}: runs {program}, which is not in the repository");
                        else if (!File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute))
                            problems.Add($"{file} {job}: runs {program}, which is not executable");
                    }
                    else if (!tools.Contains(program))
                    {
                        problems.Add($"{file} {job}: runs {program}, which no earlier step installs");
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Theory]
    [MemberData(nameof(WorkflowFiles))]
    public void every_file_a_step_names_exists(string file)
    {
        var named = Jobs(file).SelectMany(job => job.Steps)
            .Select(step => step["with"]?.AsObject())
            .SelectMany(with => with?.Where(p => p.Key.EndsWith("-file", StringComparison.Ordinal)) ?? [])
            .Select(p => (string)p.Value!)
            .ToList();

        // Both install the SDK global.json pins.
        Assert.Contains("global.json", named);
        Assert.All(named, path => Assert.True(File.Exists(TestPaths.InRepo(path)), $"{file} names {path}, which is not in the repository"));
    }

    [Fact]
    public void ci_runs_the_test_entry_point_on_pull_requests()
    {
        var workflow = Workflow("ci.yml");

        Assert.True(workflow["on"]!.AsObject().ContainsKey("pull_request"));
        Assert.Contains(RunCommands("ci.yml"), command => command is [".ci/run"]);
    }

    [Fact]
    public void the_azd_pipeline_signs_in_with_federated_credentials_then_provisions_then_deploys()
    {
        var workflow = Workflow("azure-dev.yml");
        var commands = RunCommands("azure-dev.yml").Where(c => c[0] == "azd").Select(c => string.Join(' ', c)).ToList();

        Assert.Equal("write", (string?)Deploy()["permissions"]!["id-token"]);
        Assert.True(workflow["on"]!.AsObject().ContainsKey("push") && workflow["on"]!.AsObject().ContainsKey("workflow_dispatch"));
        var login = Assert.Single(commands, c => c.StartsWith("azd auth login", StringComparison.Ordinal));
        Assert.Contains("--federated-credential-provider github", login, StringComparison.Ordinal);
        Assert.DoesNotContain(commands, c => c.Contains("--client-secret", StringComparison.Ordinal));
        var provision = commands.IndexOf("azd provision --no-prompt");
        var deploy = commands.IndexOf("azd deploy --no-prompt");
        Assert.True(provision > commands.IndexOf(login) && deploy > provision, string.Join('\n', commands));
    }

    [Fact]
    public void the_azd_pipeline_states_its_principal_is_a_service_principal_and_grants_it_no_data_roles()
    {
        var environment = Deploy()["env"]!.AsObject();

        Assert.Equal("ServicePrincipal", (string?)environment["AZURE_PRINCIPAL_TYPE"]);
        Assert.Equal("false", (string?)environment["AZURE_GRANT_DEVELOPER_DATA_ROLES"]);
    }

    [Fact]
    public void the_azd_pipeline_deploys_only_after_the_tests_passed_on_the_same_commit()
    {
        var jobs = Workflow("azure-dev.yml")["jobs"]!.AsObject();
        var test = jobs["test"]!.AsObject();
        var ci = Workflow("ci.yml");

        // The test job is ci.yml itself (a reusable workflow), which runs .ci/run; the deploy job needs it.
        Assert.Equal("./.github/workflows/ci.yml", (string?)test["uses"]);
        Assert.True(ci["on"]!.AsObject().ContainsKey("workflow_call"));
        Assert.Contains(RunCommands("ci.yml"), command => command is [".ci/run"]);
        Assert.Equal("test", (string?)Deploy()["needs"]);
        // Provisioning and deployment happen nowhere else.
        Assert.All(jobs.Where(j => j.Key != "deploy"), job => Assert.False(job.Value!.AsObject().ContainsKey("steps")));
        // ci.yml no longer runs on its own for pushes to main: there, azure-dev.yml runs it, once.
        Assert.False(ci["on"]!.AsObject().ContainsKey("push"));
        var checkout = Steps(Deploy()).Single(step => ((string?)step["uses"])?.StartsWith("actions/checkout@", StringComparison.Ordinal) == true);
        Assert.Equal("${{ github.sha }}", (string?)checkout["with"]!["ref"]);
    }

    [Fact]
    public void the_azd_pipeline_runs_one_provision_per_environment_at_a_time_in_a_protected_environment()
    {
        var deploy = Deploy();

        Assert.Equal("production", (string?)deploy["environment"]);
        Assert.Equal("azure-dev-${{ vars.AZURE_ENV_NAME }}", (string?)deploy["concurrency"]!["group"]);
        Assert.False((bool)deploy["concurrency"]!["cancel-in-progress"]!);
        // Only the deploy job may request an OIDC token.
        Assert.Equal("write", (string?)deploy["permissions"]!["id-token"]);
        Assert.False(Workflow("azure-dev.yml")["permissions"]!.AsObject().ContainsKey("id-token"));
    }

    [Fact]
    public void the_azd_pipeline_passes_the_initial_environment_config_to_provision_as_the_azd_template_does()
    {
        var provision = Steps(Deploy()).Single(step => (string?)step["run"] == "azd provision --no-prompt");

        Assert.Equal("${{ secrets.AZD_INITIAL_ENVIRONMENT_CONFIG }}", (string?)provision["env"]!["AZD_INITIAL_ENVIRONMENT_CONFIG"]);
    }

    [Theory]
    [MemberData(nameof(WorkflowFiles))]
    public void every_third_party_action_is_pinned_by_commit(string file)
    {
        var actions = Jobs(file).SelectMany(job => job.Steps).Select(step => (string?)step["uses"]).OfType<string>().ToList();
        var text = File.ReadAllText(Path.Combine(WorkflowsDirectory, file));

        Assert.NotEmpty(actions);
        Assert.All(actions, action =>
        {
            Assert.Matches("^[A-Za-z0-9-]+/[A-Za-z0-9._-]+@[0-9a-f]{40}$", action);
            // The tag the commit is, for whoever updates it.
            Assert.Matches($"{Regex.Escape(action)} # v[0-9]+\\.[0-9]+\\.[0-9]+", text);
        });
    }

    [Fact]
    public void the_azd_pipeline_sets_every_variable_main_parameters_reads()
    {
        // azd itself supplies the signed-in principal's id.
        var read = ParameterVariable().Matches(File.ReadAllText(TestPaths.InRepo("infra", "main.parameters.json")))
            .Select(m => m.Groups[1].Value).Distinct().Where(v => v != "AZURE_PRINCIPAL_ID").ToList();
        var environment = Deploy()["env"]!.AsObject();

        Assert.NotEmpty(read);
        Assert.All(read, variable => Assert.True(environment.ContainsKey(variable), $"azure-dev.yml does not set {variable}"));
    }

    [Fact]
    public void what_azd_provision_runs_is_in_the_repository()
    {
        var azureYaml = YamlToJson.Convert(File.ReadAllText(TestPaths.InRepo("azure.yaml")))!;
        var hooks = azureYaml["hooks"]!.AsObject().Select(h => (string)h.Value!["posix"]!["run"]!).ToList();

        Assert.Contains(RunCommands("azure-dev.yml"), command => command is ["azd", "provision", ..]);
        Assert.True(File.Exists(TestPaths.InRepo((string)azureYaml["infra"]!["path"]!, (string)azureYaml["infra"]!["module"]! + ".bicep")));
        Assert.Contains("./infra/hooks/preprovision.sh", hooks);
        Assert.All(hooks, hook => Assert.True(File.Exists(TestPaths.InRepo(RepositoryPath(hook))), hook));
    }

    private static string RepositoryPath(string path) => path.StartsWith("./", StringComparison.Ordinal) ? path[2..] : path;

    private static JsonObject Workflow(string file) =>
        YamlToJson.Convert(File.ReadAllText(Path.Combine(WorkflowsDirectory, file)))!.AsObject();

    /// <summary>The jobs with steps (a job that calls a reusable workflow has none of its own).</summary>
    private static IEnumerable<(string Name, JsonObject Job, IReadOnlyList<JsonObject> Steps)> Jobs(string file) =>
        Workflow(file)["jobs"]!.AsObject().Where(job => job.Value!.AsObject().ContainsKey("steps")).Select(job =>
            (job.Key, job.Value!.AsObject(), Steps(job.Value!.AsObject())));

    private static IReadOnlyList<JsonObject> Steps(JsonObject job) => [.. job["steps"]!.AsArray().Select(step => step!.AsObject())];

    private static JsonObject Deploy() => Workflow("azure-dev.yml")["jobs"]!["deploy"]!.AsObject();

    private static List<string[]> RunCommands(string file) =>
        [.. Jobs(file).SelectMany(job => job.Steps).Select(step => (string?)step["run"]).OfType<string>().SelectMany(Commands)];

    /// <summary>The simple commands of a shell script: continuation lines joined, split at ; &amp;&amp; || |, words split at blanks.</summary>
    private static IEnumerable<string[]> Commands(string script) =>
        script.Replace("\\\n", " ", StringComparison.Ordinal)
            .Split('\n')
            .Where(line => !line.TrimStart().StartsWith('#'))
            .SelectMany(line => CommandSeparator().Split(line))
            .Select(command => command.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(words => words.Length > 0);

    [GeneratedRegex(@"\s*(?:;|&&|\|\||\|)\s*")]
    private static partial Regex CommandSeparator();

    [GeneratedRegex(@"\$\{([A-Z][A-Z0-9_]*)")]
    private static partial Regex ParameterVariable();
}

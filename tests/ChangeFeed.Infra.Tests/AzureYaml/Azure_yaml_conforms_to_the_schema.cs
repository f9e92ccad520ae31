using ChangeFeed.Infra.Tests.Bicep;

namespace ChangeFeed.Infra.Tests.AzureYaml;

public sealed class Azure_yaml_conforms_to_the_schema
{
    private static string AzureYaml => File.ReadAllText(TestPaths.InRepo("azure.yaml"));

    private readonly AzureYamlSchema schema = new();

    [Fact]
    public void repository_azure_yaml_is_valid()
    {
        var verdict = schema.Validate(AzureYaml);

        Assert.True(verdict.IsValid, verdict.ToString());
    }

    [Fact]
    public void relay_service_deploys_the_functions_project_to_a_function_app()
    {
        var relay = YamlToJson.Convert(AzureYaml)!["services"]!["relay"]!;

        Assert.Equal("./src/ChangeFeed.Functions", (string?)relay["project"]);
        Assert.Equal("dotnet", (string?)relay["language"]);
        Assert.Equal("function", (string?)relay["host"]);
    }

    [Theory]
    [InlineData("preprovision")]
    [InlineData("postprovision")]
    public void hook_has_a_posix_and_a_windows_script_that_exist(string name)
    {
        var hook = YamlToJson.Convert(AzureYaml)!["hooks"]![name]!;

        Assert.Equal("sh", (string?)hook["posix"]!["shell"]);
        Assert.Equal("pwsh", (string?)hook["windows"]!["shell"]);
        Assert.True(File.Exists(TestPaths.InRepo((string)hook["posix"]!["run"]!)));
        Assert.True(File.Exists(TestPaths.InRepo((string)hook["windows"]!["run"]!)));
    }

    [Fact]
    public void name_and_infra_path_match_the_repository()
    {
        var root = YamlToJson.Convert(AzureYaml)!;

        Assert.Equal("changefeed", (string?)root["name"]);
        Assert.True(File.Exists(TestPaths.InRepo((string)root["infra"]!["path"]!, (string)root["infra"]!["module"]! + ".bicep")));
    }
}

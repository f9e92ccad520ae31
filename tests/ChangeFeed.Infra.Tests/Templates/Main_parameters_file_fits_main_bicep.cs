using System.Text.Json;
using System.Text.RegularExpressions;
using ChangeFeed.Infra.Tests.Bicep;

namespace ChangeFeed.Infra.Tests.Templates;

/// <summary>
/// azd reads infra/main.parameters.json, substitutes ${VAR} / ${VAR=default} from the environment and
/// passes it to the deployment; bicep cannot build that file, so it is checked against main.json here.
/// </summary>
[Collection(SharedBicepRuns.Name)]
public sealed partial class Main_parameters_file_fits_main_bicep(BicepFixture bicep)
{
    private JsonElement TemplateParameters =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(bicep.BuildDirectory, "main.json"))).RootElement.GetProperty("parameters");

    private static JsonElement FileParameters =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Infra, "main.parameters.json"))).RootElement.GetProperty("parameters");

    [Fact]
    public void every_parameter_in_the_file_exists_in_main_bicep()
    {
        var declared = TemplateParameters.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

        Assert.All(FileParameters.EnumerateObject(), p => Assert.Contains(p.Name, declared));
    }

    [Fact]
    public void every_required_parameter_of_main_bicep_is_given()
    {
        var given = FileParameters.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var required = TemplateParameters.EnumerateObject()
            .Where(p => !p.Value.TryGetProperty("defaultValue", out _) && !(p.Value.TryGetProperty("nullable", out var n) && n.GetBoolean()))
            .Select(p => p.Name)
            .ToList();

        Assert.NotEmpty(required);
        Assert.All(required, name => Assert.Contains(name, given));
    }

    [Theory]
    [InlineData("environmentName", "AZURE_ENV_NAME")]
    [InlineData("location", "AZURE_LOCATION")]
    [InlineData("principalId", "AZURE_PRINCIPAL_ID")]
    public void azd_environment_variable_feeds_the_parameter(string parameter, string variable)
    {
        Assert.Equal($"${{{variable}}}", FileParameters.GetProperty(parameter).GetProperty("value").GetString());
    }

    [Fact]
    public void every_value_is_an_azd_environment_reference()
    {
        Assert.All(FileParameters.EnumerateObject(), p =>
            Assert.Matches(AzdReference(), p.Value.GetProperty("value").GetString()!));
    }

    [GeneratedRegex(@"^\$\{[A-Z][A-Z0-9_]*(=[^}]*)?\}$")]
    private static partial Regex AzdReference();
}

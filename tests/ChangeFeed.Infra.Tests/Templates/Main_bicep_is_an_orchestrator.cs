using System.Text.RegularExpressions;
using ChangeFeed.Infra.Tests.Bicep;

namespace ChangeFeed.Infra.Tests.Templates;

/// <summary>
/// infra/main.bicep shows the deployment's shape: parameters, names, the modules in order and the outputs. Resources
/// (role assignments, diagnostic settings, the workbook) live in modules with one job each; main.bicep itself declares
/// only the resource group.
/// </summary>
public sealed partial class Main_bicep_is_an_orchestrator
{
    private static readonly string Main = File.ReadAllText(TestPaths.MainBicep);

    [Fact]
    public void main_declares_no_resource_but_the_resource_group()
    {
        var resources = Resource().Matches(Main).Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(["Microsoft.Resources/resourceGroups"], resources);
    }

    [Fact]
    public void roles_settings_diagnostics_and_the_workbook_are_modules_of_their_own()
    {
        var modules = Module().Matches(Main).Select(m => m.Groups[1].Value).ToList();

        Assert.Contains("modules/access/relay-roles.bicep", modules);
        Assert.Contains("modules/access/subscriber-roles.bicep", modules);
        Assert.Contains("modules/access/developer-roles.bicep", modules);
        Assert.Contains("modules/diagnostics.bicep", modules);
        Assert.Contains("modules/workbook.bicep", modules);
        Assert.Contains("import { relayAppSettings } from 'modules/relay-settings.bicep'", Main, StringComparison.Ordinal);
        Assert.DoesNotContain("ChangeFeed__Routes__", Main, StringComparison.Ordinal);
        Assert.DoesNotContain("roleDefinitions', ", Main, StringComparison.Ordinal);
    }

    [Fact]
    public void main_stays_short_enough_to_read_as_one_page_of_shape()
    {
        // 721 lines before the roles, settings, diagnostics and workbook moved to modules (issue 26); most of the rest
        // is the documented parameters and the outputs azd stores.
        Assert.True(Main.Split('\n').Length < 620, $"infra/main.bicep has {Main.Split('\n').Length} lines: move a job into a module");
    }

    [GeneratedRegex(@"^resource \w+ '([^@']+)@", RegexOptions.Multiline)]
    private static partial Regex Resource();

    [GeneratedRegex(@"^module \w+ '([^']+)'", RegexOptions.Multiline)]
    private static partial Regex Module();
}

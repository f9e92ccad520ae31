using System.Text.Json;
using ChangeFeed.Infra.Tests.Bicep;

namespace ChangeFeed.Infra.Tests.Templates;

/// <summary>
/// ARM deploys the modules of main.bicep in parallel unless one depends on another. A module that refers to a resource
/// by name (<c>existing</c>: role assignments, alerts) must depend on the module that creates it, or a first
/// deployment fails with "not found" (and a second one, finding it, hides the bug).
/// </summary>
[Collection(SharedBicepRuns.Name)]
public sealed class Modules_deploy_after_what_they_refer_to(BicepFixture bicep)
{
    [Fact]
    public void every_module_depends_on_the_modules_creating_the_resources_it_refers_to()
    {
        var modules = Modules();
        var missing = new List<string>();
        foreach (var (name, module) in modules)
        {
            foreach (var type in module.RefersTo)
            {
                var creators = modules.Where(m => m.Key != name && m.Value.Creates.Contains(type)).Select(m => m.Key).ToList();
                if (creators.Count > 0 && !creators.Any(creator => DependsOn(modules, name, creator)))
                    missing.Add($"{name} refers to a {type} created by {string.Join(" or ", creators)} but does not depend on it");
            }
        }

        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    [Fact]
    public void cosmos_db_data_plane_role_changes_deploy_one_after_another()
    {
        // Cosmos DB locks the account for each role definition or assignment and answers a concurrent one with 412.
        var modules = Modules();
        var assigning = modules.Where(m => m.Value.Creates.Contains("Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments")
            || m.Value.Creates.Contains("Microsoft.DocumentDB/databaseAccounts/sqlRoleDefinitions")).Select(m => m.Key).ToList();

        Assert.True(assigning.Count >= 4, string.Join(", ", assigning));
        foreach (var (first, second) in assigning.SelectMany((a, i) => assigning.Skip(i + 1).Select(b => (a, b))))
            Assert.True(DependsOn(modules, first, second) || DependsOn(modules, second, first), $"{first} and {second} may deploy at the same time");
    }

    [Fact]
    public void the_function_app_deploys_after_its_roles()
    {
        // The platform writes the deployment package as the relay identity: a first `azd deploy` right after
        // provisioning meets 403 until that assignment exists (and has had the app's creation to propagate).
        var modules = Modules();
        var storageRoles = modules.Where(m => m.Value.Creates.Contains("Microsoft.Authorization/roleAssignments")
            && m.Value.RefersTo.Contains("Microsoft.Storage/storageAccounts")).Select(m => m.Key).ToList();

        Assert.Contains("relayRoles", storageRoles);
        Assert.True(DependsOn(modules, "relay", "relayRoles"), "relay does not wait for relayRoles");
    }

    [Fact]
    public void cosmos_role_assignments_deploy_after_the_custom_role_definitions()
    {
        var modules = Modules();

        Assert.Contains("Microsoft.DocumentDB/databaseAccounts/sqlRoleDefinitions", modules["relayRoles"].RefersTo);
        Assert.All(["relayRoles", "subscriberRoles", "developerRoles"], name =>
            Assert.True(DependsOn(modules, name, "cosmosRoleDefinitions"), $"{name} does not wait for cosmosRoleDefinitions"));
    }

    [Fact]
    public void the_check_sees_the_role_and_alert_modules_and_what_they_refer_to()
    {
        var modules = Modules();

        Assert.Contains("Microsoft.ServiceBus/namespaces/topics", modules["relayRoles"].RefersTo);
        Assert.Contains("Microsoft.DocumentDB/databaseAccounts", modules["developerRoles"].RefersTo);
        Assert.Contains("Microsoft.Insights/components", modules["alerts"].RefersTo);
        Assert.Contains("Microsoft.Web/sites", modules["diagnostics"].RefersTo);
        Assert.Contains("Microsoft.Insights/components", modules["workbook"].RefersTo);
        Assert.Contains("Microsoft.ServiceBus/namespaces/topics", modules["serviceBus"].Creates);
        Assert.True(DependsOn(modules, "developerRoles", "serviceBus"));
        Assert.False(DependsOn(modules, "serviceBus", "developerRoles"));
    }

    /// <summary>
    /// main.json's modules: what each depends on, the resource types it creates, and the types created elsewhere that
    /// its template names (an <c>existing</c> resource, a parent, a scope or a resource id: compiled templates name a
    /// resource by its type in every one of these).
    /// </summary>
    private Dictionary<string, Module> Modules()
    {
        using var template = JsonDocument.Parse(File.ReadAllText(Path.Combine(bicep.BuildDirectory, "main.json")));
        var modules = new Dictionary<string, Module>(StringComparer.Ordinal);
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var resource in template.RootElement.GetProperty("resources").EnumerateObject())
        {
            if (resource.Value.GetProperty("type").GetString() != "Microsoft.Resources/deployments")
                continue;

            var nested = resource.Value.GetProperty("properties").GetProperty("template");
            var module = new Module(
                resource.Value.TryGetProperty("dependsOn", out var dependsOn) ? [.. dependsOn.EnumerateArray().Select(d => d.GetString()!)] : []);
            CollectCreated(nested, module.Creates);
            modules[resource.Name] = module;
            texts[resource.Name] = nested.GetRawText();
        }

        var created = modules.Values.SelectMany(m => m.Creates).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, module) in modules)
        {
            foreach (var type in created.Where(type => !module.Creates.Contains(type) && Names(texts[name], type)))
                module.RefersTo.Add(type);
        }

        return modules;
    }

    /// <summary>The resource types a template creates (not <c>existing</c>), nested deployments included.</summary>
    private static void CollectCreated(JsonElement template, HashSet<string> creates)
    {
        var resources = template.GetProperty("resources");
        var all = resources.ValueKind == JsonValueKind.Object ? resources.EnumerateObject().Select(r => r.Value) : resources.EnumerateArray();
        foreach (var resource in all)
        {
            var type = resource.GetProperty("type").GetString()!;
            if (type == "Microsoft.Resources/deployments")
                CollectCreated(resource.GetProperty("properties").GetProperty("template"), creates);
            else if (!(resource.TryGetProperty("existing", out var existing) && existing.GetBoolean()))
                creates.Add(type);
        }
    }

    /// <summary>Whether the template text names the type itself (followed by a quote or a slash), not only a longer type that starts with it.</summary>
    private static bool Names(string text, string type)
    {
        for (var at = text.IndexOf(type, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(type, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var end = at + type.Length;
            if (end < text.Length && text[end] is '\'' or '"')
                return true;
            if (end + 3 < text.Length && text[end] == '/' && text[end + 1] == '{')
                return true;
        }

        return false;
    }

    private static bool DependsOn(Dictionary<string, Module> modules, string name, string other)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([name]);
        while (pending.TryPop(out var current))
        {
            foreach (var dependency in modules.TryGetValue(current, out var module) ? module.DependsOn : [])
            {
                if (dependency == other)
                    return true;
                if (seen.Add(dependency))
                    pending.Push(dependency);
            }
        }

        return false;
    }

    private sealed record Module(IReadOnlyList<string> DependsOn)
    {
        public HashSet<string> Creates { get; } = new(StringComparer.OrdinalIgnoreCase);

        public HashSet<string> RefersTo { get; } = new(StringComparer.OrdinalIgnoreCase);
    }
}

using System.Reflection;
using System.Text.Json;
using ChangeFeed.Functions.Configuration;

namespace ChangeFeed.Docs.Tests;

/// <summary>
/// Every setting the code reads, found in the code and in what deploys it, each with where it was found:
/// <list type="bullet">
/// <item>options classes (a public <c>const string SectionName</c>): their public settable properties, nested classes and
/// dictionaries of them as sub-sections (<c>ChangeFeed:Routes:&lt;name&gt;:...</c>);</item>
/// <item>static classes named <c>*Settings</c>: their public string constants (app setting names such as <c>COSMOS_DATABASE</c>);</item>
/// <item>the <c>%SETTING%</c> names in the Function App's trigger attributes;</item>
/// <item>the app settings the Bicep deploys (the committed deployment snapshots) and <c>local.settings.sample.json</c>.</item>
/// </list>
/// </summary>
internal static class CodeSettings
{
    public static IReadOnlyDictionary<string, string> All()
    {
        var settings = new Dictionary<string, string>(SettingName.Comparer);
        void Add(string name, string origin) => settings.TryAdd(SettingName.Normalize(name), origin);

        foreach (var type in Types())
        {
            if (type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } section
                && section.GetRawConstantValue() is string sectionName)
            {
                foreach (var (name, origin) in Section(type, sectionName))
                    Add(name, origin);
            }

            if (type is { IsAbstract: true, IsSealed: true } && type.Name.EndsWith("Settings", StringComparison.Ordinal))
            {
                foreach (var constant in type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.FieldType == typeof(string)))
                    Add((string)constant.GetRawConstantValue()!, $"constant {type.Name}.{constant.Name}");
            }
        }

        foreach (var (setting, function) in RequiredAppSettingsValidator.TriggerSettings())
            Add(setting, $"%{setting}% in the trigger of function {function}");

        foreach (var snapshot in Directory.EnumerateFiles(Repo.Path("tests/ChangeFeed.Infra.Tests/Snapshots"), "*.snapshot.json"))
        {
            foreach (var name in BicepAppSettings(snapshot))
                Add(name, $"an app setting infra/main.bicep deploys ({Repo.Relative(snapshot)})");
        }

        using (var sample = JsonDocument.Parse(Repo.Read("local.settings.sample.json")))
        {
            foreach (var value in sample.RootElement.GetProperty("Values").EnumerateObject())
                Add(value.Name, "a value of local.settings.sample.json");
        }

        return settings;
    }

    /// <summary>The ChangeFeed assemblies the hosts are built from (src/), found from the three hosts.</summary>
    private static IEnumerable<Type> Types()
    {
        var roots = new[] { typeof(RequiredAppSettings).Assembly, typeof(global::ChangeFeed.Host.ProcessorHostSetup).Assembly, typeof(global::ChangeFeed.Subscriber.SubscriberOptions).Assembly };
        var assemblies = new Dictionary<string, Assembly>(StringComparer.Ordinal);
        var pending = new Queue<Assembly>(roots);
        while (pending.TryDequeue(out var assembly))
        {
            if (!assemblies.TryAdd(assembly.GetName().Name!, assembly))
                continue;
            foreach (var reference in assembly.GetReferencedAssemblies().Where(r => r.Name?.StartsWith("ChangeFeed.", StringComparison.Ordinal) == true))
                pending.Enqueue(Assembly.Load(reference));
        }

        return assemblies.Values.SelectMany(assembly => assembly.GetExportedTypes());
    }

    private static IEnumerable<(string Name, string Origin)> Section(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true || IsDictionary(p.PropertyType)))
        {
            var name = $"{prefix}:{property.Name}";
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (IsDictionary(propertyType) && propertyType.GetGenericArguments()[1] is { IsClass: true } element && element != typeof(string))
            {
                foreach (var nested in Section(element, $"{name}:<name>"))
                    yield return nested;
            }
            else if (IsSection(propertyType))
            {
                foreach (var nested in Section(propertyType, name))
                    yield return nested;
            }
            else
            {
                yield return (name, $"property {type.Name}.{property.Name}");
            }
        }
    }

    private static bool IsDictionary(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>) && type.GetGenericArguments()[0] == typeof(string);

    /// <summary>A class the binder fills property by property (not a value such as a string or a list).</summary>
    private static bool IsSection(Type type) =>
        type.IsClass && type != typeof(string) && !type.IsArray && !typeof(System.Collections.IEnumerable).IsAssignableFrom(type)
        && type.GetConstructor(Type.EmptyTypes) is not null;

    private static IEnumerable<string> BicepAppSettings(string snapshot)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(snapshot));
        foreach (var resource in document.RootElement.GetProperty("predictedResources").EnumerateArray())
        {
            if (resource.GetProperty("type").GetString() == "Microsoft.Web/sites/config"
                && resource.GetProperty("name").GetString()!.EndsWith("/appsettings", StringComparison.Ordinal))
            {
                foreach (var setting in resource.GetProperty("properties").EnumerateObject())
                    yield return setting.Name;
            }
        }
    }
}

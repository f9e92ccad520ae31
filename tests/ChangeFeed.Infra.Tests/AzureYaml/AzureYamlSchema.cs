using System.Text.Json;
using ChangeFeed.Infra.Tests.Bicep;
using Json.Schema;

namespace ChangeFeed.Infra.Tests.AzureYaml;

/// <summary>The project's offline copy of azd's azure.yaml schema (schemas/azure.yaml.schema.json).</summary>
public sealed class AzureYamlSchema
{
    public static string SchemaFile => Path.Combine(TestPaths.ProjectDirectory, "schemas", "azure.yaml.schema.json");

    private readonly JsonSchema schema = JsonSchema.FromText(
        File.ReadAllText(SchemaFile),
        new BuildOptions { SchemaRegistry = new SchemaRegistry() });

    public SchemaVerdict Validate(string yaml)
    {
        var json = JsonSerializer.SerializeToElement(YamlToJson.Convert(yaml));
        var results = schema.Evaluate(json, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}"))
            .ToList();
        return new SchemaVerdict(results.IsValid, errors);
    }
}

public sealed record SchemaVerdict(bool IsValid, IReadOnlyList<string> Errors)
{
    public override string ToString() => string.Join('\n', Errors);
}

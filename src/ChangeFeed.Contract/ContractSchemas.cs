using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace ChangeFeed.Contract;

/// <summary>
/// The schemas of a contract document as JSON Schema 2020-12, evaluated by JsonSchema.Net: the document's
/// <c>components/schemas</c> become <c>$defs</c> (the keywords the contract uses mean the same in the AsyncAPI schema
/// format, a superset of draft 7, and in 2020-12), so a message is checked against exactly what the document says.
/// </summary>
public sealed class ContractSchemas
{
    public const string Dialect = "https://json-schema.org/draft/2020-12/schema";

    private readonly string definitions;
    private readonly Dictionary<string, JsonSchema> compiled = new(StringComparer.Ordinal);

    public ContractSchemas(string document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var schemas = JsonNode.Parse(document, documentOptions: DocumentLimits.DocumentOptions)?["components"]?["schemas"]
            ?? throw new InvalidDataException("The contract has no components/schemas.");
        definitions = schemas.ToJsonString().Replace("\"#/components/schemas/", "\"#/$defs/", StringComparison.Ordinal);
        Names = [.. schemas.AsObject().Select(schema => schema.Key)];
    }

    /// <summary>The names of the document's schemas.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The schema named <paramref name="name"/> as a standalone 2020-12 schema (with every other one in <c>$defs</c>).</summary>
    public string Standalone(string name) =>
        $$"""{"$schema":"{{Dialect}}","$defs":{{definitions}},"$ref":{{JsonSerializer.Serialize("#/$defs/" + name)}}}""";

    /// <summary>What is wrong with <paramref name="instance"/> against the schema named <paramref name="name"/>; empty when it conforms.</summary>
    public IReadOnlyList<string> Problems(string name, JsonNode? instance)
    {
        if (!compiled.TryGetValue(name, out var schema))
            compiled[name] = schema = JsonSchema.FromText(Standalone(name), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        var element = JsonSerializer.SerializeToElement(instance, DocumentLimits.SerializerOptions);
        if (schema.Evaluate(element, new EvaluationOptions { OutputFormat = OutputFormat.Flag, RequireFormatValidation = true }).IsValid)
            return []; // the common case, without collecting the details

        var result = schema.Evaluate(element, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        return result.IsValid
            ? []
            : [.. (result.Details ?? []).Where(detail => detail.Errors is { Count: > 0 })
                .SelectMany(detail => detail.Errors!.Select(error => $"{name}: {(detail.InstanceLocation.ToString() is { Length: > 0 } at ? at : "/")}: {error.Value}"))];
    }
}

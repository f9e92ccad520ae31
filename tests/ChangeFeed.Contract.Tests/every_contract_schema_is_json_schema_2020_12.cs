using System.Text.Json;
using Json.Schema;

namespace ChangeFeed.Contract.Tests;

/// <summary>
/// Each schema of the committed contract (attributes, envelopes, the CloudEvent body) is a valid JSON Schema 2020-12
/// document by the 2020-12 meta-schema, evaluated by JsonSchema.Net: what ContractCheck validates messages with.
/// </summary>
public sealed class every_contract_schema_is_json_schema_2020_12
{
    private static readonly ContractSchemas Schemas = new(Repo.Read(Repo.Contract));

    public static TheoryData<string> Names() => [.. Schemas.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public void by_the_meta_schema(string name)
    {
        var result = MetaSchemas.Draft202012.Evaluate(JsonDocument.Parse(Schemas.Standalone(name)).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(result.IsValid, string.Join('\n', (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Values)));
    }
}

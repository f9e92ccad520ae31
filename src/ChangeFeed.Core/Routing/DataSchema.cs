using System.Text.Json;
using Json.Schema;

namespace ChangeFeed.Routing;

/// <summary>
/// The JSON Schema of one event type's data, named by a route's <c>DataSchema</c> setting and read once at start:
/// its <c>$id</c> (an absolute URI) is the CloudEvents <c>dataschema</c> of those events, its text goes into the contract.
/// </summary>
/// <param name="Type">The event type whose data it describes.</param>
/// <param name="File">The file it was read from, as configured.</param>
/// <param name="Id">The schema's <c>$id</c>.</param>
/// <param name="Text">The schema as written in the file.</param>
/// <param name="Schema">The schema, built (JsonSchema.Net) for routes that enforce it (<c>EnforceDataSchema</c>).</param>
public sealed record DataSchema(string Type, string File, Uri Id, string Text, JsonSchema Schema)
{
    // Pass or fail first (no output collected: the cheap path every conforming event takes); the list of errors only for the parking reason.
    private static readonly EvaluationOptions Verdict = new() { OutputFormat = OutputFormat.Flag };
    private static readonly EvaluationOptions Errors = new() { OutputFormat = OutputFormat.List };

    /// <summary>Why <paramref name="data"/> does not conform to the schema (the validator's first messages), or null when it does.</summary>
    public string? Problem(ReadOnlyMemory<byte> data)
    {
        try
        {
            using var parsed = JsonDocument.Parse(data, DocumentLimits.DocumentOptions);
            if (Schema.Evaluate(parsed.RootElement, Verdict).IsValid)
                return null;
            var result = Schema.Evaluate(parsed.RootElement, Errors);
            var errors = (result.Details ?? [])
                .Where(detail => detail.Errors is { Count: > 0 })
                .SelectMany(detail => detail.Errors!.Select(error => $"at '{detail.InstanceLocation}': {error.Value}"))
                .Take(3);
            return $"the data of '{Type}' does not conform to its data schema {Id.AbsoluteUri} ({File}): {string.Join("; ", errors)}";
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or ArgumentException)
        {
            return $"the data of '{Type}' could not be checked against its data schema {Id.AbsoluteUri}: {exception.Message}";
        }
    }

    /// <summary>Reads the schema file; an <see cref="InvalidDataException"/> says what is wrong with it.</summary>
    public static DataSchema Load(string type, string file)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(file);
        if (!System.IO.File.Exists(file))
            throw new InvalidDataException($"the data schema of '{type}', '{file}', does not exist (a path relative to the working directory, or absolute)");

        var text = System.IO.File.ReadAllText(file);
        try
        {
            using var json = JsonDocument.Parse(text, DocumentLimits.DocumentOptions);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"the data schema of '{type}', '{file}', is not a JSON object");
            if (!json.RootElement.TryGetProperty("$id", out var id) || id.ValueKind != JsonValueKind.String
                || !Uri.TryCreate(id.GetString(), UriKind.Absolute, out var uri))
            {
                throw new InvalidDataException(
                    $"the data schema of '{type}', '{file}', has no absolute \"$id\": it becomes the events' dataschema, e.g. \"$id\": \"https://schemas.contoso.com/orders/order-placed/1\"");
            }

            // Its own registry: the same $id may be loaded again (another route, a second host in one process).
            var schema = JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
            return new DataSchema(type, file, uri, text, schema);
        }
        catch (JsonException invalid)
        {
            throw new InvalidDataException($"the data schema of '{type}', '{file}', is not JSON: {invalid.Message}", invalid);
        }
        catch (Exception invalid) when (invalid is not InvalidDataException)
        {
            throw new InvalidDataException($"the data schema of '{type}', '{file}', is not a JSON Schema JsonSchema.Net can use: {invalid.Message}", invalid);
        }
    }
}

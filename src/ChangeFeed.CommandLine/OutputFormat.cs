using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChangeFeed.CommandLine;

/// <summary>
/// <c>--output text|json</c> for commands whose result a script reads: text is lines for a person; json is one
/// document on standard output, in the shape docs/processor-host.md documents (camelCase names, enums as lowercase
/// words), while progress, logs and errors stay on standard error.
/// </summary>
public static class OutputFormat
{
    public const string Text = "text";
    public const string Json = "json";

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static Option<string> Create()
    {
        var option = new Option<string>("--output")
        {
            Description = "text (lines for a person, the default) or json (one JSON document on standard output for scripts; its shape is in docs/processor-host.md).",
            DefaultValueFactory = _ => Text,
            HelpName = "FORMAT",
        };
        option.AcceptOnlyFromAmong(Text, Json);
        return option;
    }

    public static Task WriteAsync<T>(TextWriter output, T document)
    {
        ArgumentNullException.ThrowIfNull(output);
        return output.WriteLineAsync(JsonSerializer.Serialize(document, JsonOptions));
    }
}

using System.Text.Json;

namespace ChangeFeed.CommandLine;

/// <summary>
/// The <c>Values</c> of a Functions <c>local.settings.json</c> as configuration, keys read like environment variables
/// (<c>__</c> separates sections): the file <c>azd up</c>'s hook writes, or the emulators' sample, then serves the
/// <c>parked</c> command as it serves <c>func start</c>.
/// </summary>
public static class LocalSettingsFile
{
    public static IReadOnlyDictionary<string, string?> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
            throw new InvalidDataException($"--settings '{path}' does not exist: give the path of a Functions local.settings.json, e.g. src/ChangeFeed.Functions/local.settings.json (azd up writes it) or local.settings.sample.json.");

        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException invalid)
        {
            throw new InvalidDataException($"--settings '{path}' is not JSON: {invalid.Message} Expected a local.settings.json, e.g. {{ \"Values\": {{ \"COSMOS_DATABASE\": \"changefeed\" }} }}.", invalid);
        }

        using (json)
        {
            if (!json.RootElement.TryGetProperty("Values", out var values) || values.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"--settings '{path}' has no \"Values\" object: expected the layout of local.settings.json, e.g. {{ \"Values\": {{ \"COSMOS_DATABASE\": \"changefeed\" }} }}.");

            var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var value in values.EnumerateObject())
            {
                settings[value.Name.Replace("__", ":", StringComparison.Ordinal)] = value.Value.ValueKind switch
                {
                    JsonValueKind.String => value.Value.GetString(),
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.Value.GetRawText(),
                    JsonValueKind.Null => null,
                    _ => throw new InvalidDataException($"--settings '{path}': Values.{value.Name} is {value.Value.ValueKind}: expected a string, e.g. \"{value.Name}\": \"...\"."),
                };
            }

            return settings;
        }
    }
}

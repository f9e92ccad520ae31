using System.Text.Json;

namespace ChangeFeed.Host.Commands;

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
            throw new InvalidDataException($"Settings file '{path}' does not exist.");

        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException invalid)
        {
            throw new InvalidDataException($"Settings file '{path}' is not JSON: {invalid.Message}", invalid);
        }

        using (json)
        {
            if (!json.RootElement.TryGetProperty("Values", out var values) || values.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"Settings file '{path}' has no \"Values\" object (the layout of local.settings.json).");

            var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var value in values.EnumerateObject())
            {
                settings[value.Name.Replace("__", ":", StringComparison.Ordinal)] = value.Value.ValueKind switch
                {
                    JsonValueKind.String => value.Value.GetString(),
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.Value.GetRawText(),
                    JsonValueKind.Null => null,
                    _ => throw new InvalidDataException($"Settings file '{path}': Values.{value.Name} is {value.Value.ValueKind}; expected a string."),
                };
            }

            return settings;
        }
    }
}

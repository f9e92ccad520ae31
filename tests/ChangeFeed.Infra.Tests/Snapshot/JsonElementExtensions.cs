using System.Text.Json;

namespace ChangeFeed.Infra.Tests.Snapshot;

/// <summary>Short paths into snapshot JSON: resource.At("properties.sku.name").</summary>
public static class JsonElementExtensions
{
    public static JsonElement At(this JsonElement element, string path)
    {
        foreach (var segment in path.Split('.'))
        {
            Assert.True(
                element.ValueKind == JsonValueKind.Object && element.TryGetProperty(segment, out element),
                $"'{path}' is missing (at '{segment}').");
        }

        return element;
    }

    public static string Text(this JsonElement element, string path) =>
        element.At(path).GetString() ?? throw new InvalidOperationException($"'{path}' is null.");

    public static bool Flag(this JsonElement element, string path) => element.At(path).GetBoolean();

    public static int Number(this JsonElement element, string path) => element.At(path).GetInt32();

    public static bool Has(this JsonElement element, string path)
    {
        foreach (var segment in path.Split('.'))
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(segment, out element))
            {
                return false;
            }
        }

        return element.ValueKind != JsonValueKind.Null;
    }

    public static IReadOnlyDictionary<string, string> StringMap(this JsonElement element) =>
        element.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString(), StringComparer.Ordinal);
}

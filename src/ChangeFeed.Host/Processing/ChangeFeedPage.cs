using System.Text.Json;

namespace ChangeFeed.Host.Processing;

/// <summary>
/// Reads a change feed page as the SDK hands it to a stream handler, <c>{"Documents":[...], "_count": n}</c>, into the
/// <see cref="JsonElement"/>s the relay takes (System.Text.Json: the SDK's own serializer is Newtonsoft).
/// </summary>
public static class ChangeFeedPage
{
    public static async Task<IReadOnlyList<JsonElement>> ReadAsync(Stream page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        using var json = await JsonDocument.ParseAsync(page, cancellationToken: cancellationToken);
        if (!json.RootElement.TryGetProperty("Documents", out var documents) || documents.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"A change feed page has no 'Documents' array: {Truncate(json.RootElement.GetRawText())}");

        var changes = new List<JsonElement>(documents.GetArrayLength());
        foreach (var document in documents.EnumerateArray())
            changes.Add(document.Clone());
        return changes;
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "...";
}

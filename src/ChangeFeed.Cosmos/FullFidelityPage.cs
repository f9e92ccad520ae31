using Microsoft.Azure.Cosmos;

namespace ChangeFeed.Cosmos;

/// <summary>
/// A page of the all-versions-and-deletes change feed as it came: the UTF-8 JSON array of its changes
/// (<c>[{"current":...,"previous":...,"metadata":...}, ...]</c>), not deserialised. The SDK's all-versions processor
/// only hands over typed changes, deserialised by the client's serializer: asked for
/// <c>ChangeFeedItem&lt;FullFidelityPage&gt;[]</c>, <see cref="CosmosDocumentSerializer"/> answers with one item
/// whose <see cref="ChangeFeedItem{T}.Current"/> is the whole page, so the host reads it with System.Text.Json
/// (any depth Cosmos DB accepts, bytes as written) instead of building a Newtonsoft object graph per change.
/// </summary>
public sealed record FullFidelityPage(ReadOnlyMemory<byte> Changes)
{
    /// <summary>
    /// What the serializer returns for <paramref name="changes"/> (a stream over the page's array): no item for an
    /// empty array, so the processor skips the handler as it does for an empty page, else one item holding a copy of
    /// the bytes (the stream's buffer belongs to the SDK and may be reused once the stream is disposed).
    /// </summary>
    public static ChangeFeedItem<FullFidelityPage>[] Read(Stream changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        byte[] bytes;
        if (changes is MemoryStream memory && memory.TryGetBuffer(out var buffer))
        {
            bytes = buffer.AsSpan((int)memory.Position).ToArray();
        }
        else
        {
            using var copy = new MemoryStream();
            changes.CopyTo(copy);
            bytes = copy.ToArray();
        }

        return IsEmptyArray(bytes) ? [] : [new ChangeFeedItem<FullFidelityPage> { Current = new FullFidelityPage(bytes) }];
    }

    private static bool IsEmptyArray(ReadOnlySpan<byte> json)
    {
        var trimmed = json.Trim(" \t\r\n"u8);
        return trimmed.Length >= 2 && trimmed[0] == (byte)'[' && trimmed[^1] == (byte)']' && trimmed[1..^1].Trim(" \t\r\n"u8).IsEmpty;
    }
}

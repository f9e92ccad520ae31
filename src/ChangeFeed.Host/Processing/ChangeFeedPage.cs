using ChangeFeed.Reading;

namespace ChangeFeed.Host.Processing;

/// <summary>
/// Reads a change feed page as the SDK hands it to a stream handler, <c>{"Documents":[...], "_count": n}</c>, into the
/// <see cref="JsonElement"/>s the relay takes (System.Text.Json: the SDK's own serializer is Newtonsoft, which stops
/// at 64 levels). Any document Cosmos DB accepts is read; a page that cannot be read as a whole is read document by
/// document, and what still cannot be read is handed over as an <see cref="UnreadableChange"/> (see <see cref="ChangeReader"/>).
/// The documents are slices of the SDK's own buffer of the response, which it keeps until the handler returns: the
/// caller disposes the result before then.
/// </summary>
public static class ChangeFeedPage
{
    public static async Task<ParsedChanges> ReadAsync(
        Stream page, ChangeReader reader, string route, string lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(reader);
        if (page is MemoryStream memory && memory.TryGetBuffer(out var buffer))
            return reader.ReadPage(buffer.AsMemory((int)memory.Position), route, lease);

        using var copy = new MemoryStream();
        await page.CopyToAsync(copy, cancellationToken);
        return reader.ReadPage(copy.GetBuffer().AsMemory(0, (int)copy.Length), route, lease);
    }
}

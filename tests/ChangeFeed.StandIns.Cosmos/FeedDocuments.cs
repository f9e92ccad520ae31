using System.Net;
using System.Text.Json;
using Microsoft.Azure.Cosmos;

namespace ChangeFeed.StandIns.Cosmos;

/// <summary>Reads the documents of a stream iterator as stored, with no serializer in between.</summary>
public static class FeedDocuments
{
    // Deeper than any page of documents Cosmos DB accepts (128 levels of nesting plus the page): the default 64 is not.
    private static readonly JsonDocumentOptions PageOptions = new() { MaxDepth = 256 };

    /// <summary>
    /// Every document of a query, or of a change feed up to now (its 304 ends the read): the <c>Documents</c> of each
    /// page, cloned so they outlive the response.
    /// </summary>
    public static async Task<List<JsonElement>> ReadDocumentsAsync(this FeedIterator iterator, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(iterator);
        var documents = new List<JsonElement>();
        while (iterator.HasMoreResults)
        {
            using var page = await iterator.ReadNextAsync(cancellationToken).ConfigureAwait(false);
            if (page.StatusCode == HttpStatusCode.NotModified)
            {
                break;
            }

            page.EnsureSuccessStatusCode();
            using var json = await JsonDocument.ParseAsync(page.Content, PageOptions, cancellationToken).ConfigureAwait(false);
            documents.AddRange(json.RootElement.GetProperty("Documents").EnumerateArray().Select(document => document.Clone()));
        }

        return documents;
    }

    /// <summary>
    /// One page of a change feed: its documents, or none when nothing is new. (A transactional batch always comes
    /// whole in one page.)
    /// </summary>
    public static async Task<List<JsonElement>> ReadPageAsync(this FeedIterator changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        using var page = await changes.ReadNextAsync(cancellationToken).ConfigureAwait(false);
        if (page.StatusCode == HttpStatusCode.NotModified)
        {
            return [];
        }

        page.EnsureSuccessStatusCode();
        using var json = await JsonDocument.ParseAsync(page.Content, PageOptions, cancellationToken).ConfigureAwait(false);
        return [.. json.RootElement.GetProperty("Documents").EnumerateArray().Select(document => document.Clone())];
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ChangeFeed.Envelope;
using ChangeFeed.Publishing;

namespace ChangeFeed.BlobStorage;

/// <summary>
/// The claim check store in one Blob Storage container. The data of an event too large for its topic is written to
/// the blob <c>&lt;topic&gt;/&lt;event id&gt;</c> (see <see cref="BlobName"/>) with the event's content type, overwriting
/// what a previous attempt of the same relay wrote; its URI is the event's <c>dataref</c>. Blobs expire by the
/// container's lifecycle rule, not here. Reading accepts only URIs of this container: a subscriber's credential is
/// never sent where a message points it.
/// </summary>
public sealed partial class BlobClaimCheckStore : IClaimCheckStore
{
    private readonly Lazy<(BlobContainerClient Client, BlobUriBuilder Home)> target;

    public BlobClaimCheckStore(BlobContainerClient container)
        : this(() => container)
    {
    }

    /// <summary>
    /// A store whose client is created at first use: a host resolves its services before it validates its settings,
    /// so that a bad setting is reported by name instead of failing the client's construction.
    /// </summary>
    public BlobClaimCheckStore(Func<BlobContainerClient> container)
    {
        ArgumentNullException.ThrowIfNull(container);
        target = new(() =>
        {
            var client = container();
            return (client, new BlobUriBuilder(client.Uri));
        });
    }

    /// <summary>The container the data goes to.</summary>
    public Uri ContainerUri => target.Value.Client.Uri;

    public async Task<Uri> StoreAsync(IntegrationEvent integrationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        var blob = target.Value.Client.GetBlobClient(BlobName(integrationEvent.Topic, integrationEvent.Id));
        var options = new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = integrationEvent.DataContentType } };
        await blob.UploadAsync(BinaryData.FromBytes(integrationEvent.Data), options, cancellationToken).ConfigureAwait(false);
        return blob.Uri;
    }

    public async Task<ReadOnlyMemory<byte>?> ReadAsync(Uri dataRef, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataRef);
        var blob = target.Value.Client.GetBlobClient(NameWithin(dataRef));
        try
        {
            var download = await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return download.Value.Content.ToMemory();
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// <c>&lt;topic&gt;/&lt;event id&gt;</c>: the same for every attempt to publish the same event. An id that is not a
    /// plain name (letters, digits, '.', '-', '_'; at most 255, not ending in '.') becomes <c>sha256-</c> followed by
    /// the lowercase hex SHA-256 of its UTF-8 bytes, so that no id can make an awkward or colliding blob name.
    /// </summary>
    public static string BlobName(string topic, string eventId)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentException.ThrowIfNullOrEmpty(eventId);
        var name = PlainName().IsMatch(eventId) && !eventId.EndsWith('.')
            ? eventId
            : "sha256-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(eventId)));
        return $"{topic}/{name}";
    }

    /// <summary>The blob name a <c>dataref</c> points at in this container; refuses any other location.</summary>
    private string NameWithin(Uri dataRef)
    {
        if (!dataRef.IsAbsoluteUri || !string.IsNullOrEmpty(dataRef.Query) || !string.IsNullOrEmpty(dataRef.Fragment))
            throw Outside(dataRef);

        var home = target.Value.Home;
        var pointed = new BlobUriBuilder(dataRef);
        var same = string.Equals(pointed.Scheme, home.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(pointed.Host, home.Host, StringComparison.OrdinalIgnoreCase)
            && pointed.Port == home.Port
            && string.Equals(pointed.AccountName, home.AccountName, StringComparison.Ordinal)
            && string.Equals(pointed.BlobContainerName, home.BlobContainerName, StringComparison.Ordinal)
            && !string.IsNullOrEmpty(pointed.BlobName);
        return same ? pointed.BlobName : throw Outside(dataRef);
    }

    private ArgumentException Outside(Uri dataRef) =>
        new($"dataref {dataRef} is not a blob of the claim check container {ContainerUri}: it is not read (the credential stays with this store).", nameof(dataRef));

    [GeneratedRegex("^[A-Za-z0-9._-]{1,255}$")]
    private static partial Regex PlainName();
}

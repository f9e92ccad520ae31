using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ChangeFeed.Envelope;

/// <summary>
/// Deterministic ids: a name-based UUID (RFC 9562 version 8, SHA-256) of the parts that identify one change.
/// The same change delivered twice gets the same id; any other change gets a different one.
/// </summary>
public static class EventId
{
    /// <summary>The id of the event for one change of one document.</summary>
    public static string ForChange(string account, string database, string container, string partitionKey, string documentId, long lsn) =>
        FromParts("change", account, database, container, partitionKey, documentId, lsn.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// The id of a backfilled copy of an event: another id than the live event's (so that the topic's duplicate
    /// detection, which remembers the live one, does not drop it), the same one every time the same backfill run sends
    /// the same event again (so that a resumed run's repeats are dropped, and recognised by inboxes).
    /// </summary>
    public static string ForBackfill(string runId, string originalId) => FromParts("backfill", runId, originalId);

    /// <summary>A UUID derived from the parts; each part is length-prefixed so that no two part lists collide by concatenation.</summary>
    public static string FromParts(params ReadOnlySpan<string> parts)
    {
        var length = 0;
        foreach (var part in parts)
            length += 4 + Encoding.UTF8.GetByteCount(part);

        var buffer = length <= 1024 ? stackalloc byte[length] : new byte[length];
        var offset = 0;
        foreach (var part in parts)
        {
            var written = Encoding.UTF8.GetBytes(part, buffer[(offset + 4)..]);
            BinaryPrimitives.WriteInt32BigEndian(buffer[offset..], written);
            offset += 4 + written;
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(buffer, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // version 8
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(hash[..16], bigEndian: true).ToString("D");
    }
}

using System.Buffers.Binary;
using System.Globalization;
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
        ForChange(ChangePrefix(account, database, container), partitionKey, documentId, lsn);

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
            offset += WritePart(buffer[offset..], part);
        return Uuid(buffer);
    }

    /// <summary>The parts of <see cref="ForChange(string, string, string, string, string, long)"/> that are the same for every change of one container, encoded once (a route keeps them).</summary>
    internal static byte[] ChangePrefix(string account, string database, string container)
    {
        string[] parts = ["change", account, database, container];
        var prefix = new byte[parts.Sum(part => 4 + Encoding.UTF8.GetByteCount(part))];
        var offset = 0;
        foreach (var part in parts)
            offset += WritePart(prefix.AsSpan(offset), part);
        return prefix;
    }

    /// <summary>
    /// <see cref="ForChange(string, string, string, string, string, long)"/> from its encoded <see cref="ChangePrefix"/>:
    /// the same bytes hashed (the position written as the invariant culture's decimal digits), without encoding the fixed parts again.
    /// </summary>
    internal static string ForChange(ReadOnlySpan<byte> prefix, string partitionKey, string documentId, long lsn)
    {
        // long.MinValue is 20 characters in the invariant culture.
        var length = prefix.Length + 4 + Encoding.UTF8.GetByteCount(partitionKey) + 4 + Encoding.UTF8.GetByteCount(documentId) + 4 + 20;
        var buffer = length <= 1024 ? stackalloc byte[length] : new byte[length];
        prefix.CopyTo(buffer);
        var offset = prefix.Length;
        offset += WritePart(buffer[offset..], partitionKey);
        offset += WritePart(buffer[offset..], documentId);
        if (!lsn.TryFormat(buffer[(offset + 4)..], out var digits, default, CultureInfo.InvariantCulture))
            throw new InvalidOperationException("a 64-bit position did not fit in 20 bytes");
        BinaryPrimitives.WriteInt32BigEndian(buffer[offset..], digits);
        return Uuid(buffer[..(offset + 4 + digits)]);
    }

    private static int WritePart(Span<byte> destination, string part)
    {
        var written = Encoding.UTF8.GetBytes(part, destination[4..]);
        BinaryPrimitives.WriteInt32BigEndian(destination, written);
        return 4 + written;
    }

    // One SHA-256 context per thread, reset after each hash: the one-shot API creates and frees a native context per call.
    [ThreadStatic]
    private static IncrementalHash? sha256;

    private static string Uuid(ReadOnlySpan<byte> name)
    {
        Span<byte> hash = stackalloc byte[32];
        var hasher = sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            hasher.AppendData(name);
            hasher.GetHashAndReset(hash);
        }
        catch
        {
            // A context that failed half-way may hold part of this name: never hash the next one with it.
            sha256 = null;
            hasher.Dispose();
            throw;
        }

        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // version 8
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(hash[..16], bigEndian: true).ToString("D");
    }
}

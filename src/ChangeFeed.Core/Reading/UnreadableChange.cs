using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ChangeFeed.Routing;

namespace ChangeFeed.Reading;

/// <summary>
/// Stands for a change whose JSON could not be read: a document of its own, <c>{"_changeFeedUnreadable": {...}}</c>,
/// carrying why, the id and <c>_lsn</c> when they could be found, and the bytes as delivered (as text when they are
/// UTF-8, else base64; cut at <see cref="MaxKeptBytes"/>). The router parks it with that reason, so it travels the
/// relay's one path (in order, parked with the rest of its batch) and its parked record shows what arrived.
/// </summary>
public static class UnreadableChange
{
    /// <summary>The marker property; no document from the change feed has it.</summary>
    public const string Property = "_changeFeedUnreadable";

    /// <summary>
    /// The most of the delivered bytes kept: base64 makes 1 MB into 1.33 MB, so the parked record (its document is
    /// kept up to 1.5 MB) stays under the service's 2 MB item limit.
    /// </summary>
    public const int MaxKeptBytes = 1024 * 1024;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The stand-in document for <paramref name="raw"/>, which could not be read because of <paramref name="reason"/>.</summary>
    public static JsonElement Create(ReadOnlySpan<byte> raw, string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var kept = raw.Length <= MaxKeptBytes ? raw : raw[..CharacterBoundary(raw, MaxKeptBytes)];

        // As text when it is UTF-8 and escaping does not swell it past what base64 would take; else as base64.
        var written = Write(raw, kept, reason, asText: true);
        if (written is null || written.WrittenCount > (MaxKeptBytes / 3 * 4) + 4096)
            written = Write(raw, kept, reason, asText: false)!;
        using var document = JsonDocument.Parse(written.WrittenMemory, DocumentLimits.DocumentOptions);
        return document.RootElement.Clone();
    }

    /// <summary>Whether <paramref name="change"/> stands for an unreadable change; if so, why, and what identifies it.</summary>
    public static bool TryRead(JsonElement change, out string reason, out string? id, out long? lsn)
    {
        reason = string.Empty;
        id = null;
        lsn = null;
        if (change.ValueKind != JsonValueKind.Object || !change.TryFind(Property, out var marker) || marker.ValueKind != JsonValueKind.Object)
            return false;

        reason = marker.TryFind("reason", out var why) && why.ValueKind == JsonValueKind.String ? why.GetString()! : "the change could not be read";
        id = marker.TryFind("id", out var identity) && identity.ValueKind == JsonValueKind.String ? identity.GetString() : null;
        lsn = marker.TryFind("lsn", out var position) && position.TryGetInt64(out var number) ? number : null;
        return true;
    }

    private static ArrayBufferWriter<byte>? Write(ReadOnlySpan<byte> raw, ReadOnlySpan<byte> kept, string reason, bool asText)
    {
        string? text = null;
        if (asText && !TryDecode(kept, out text))
            return null;

        var buffer = new ArrayBufferWriter<byte>(kept.Length + 1024);
        using var writer = new Utf8JsonWriter(buffer, WriterOptions);
        writer.WriteStartObject();
        writer.WriteStartObject(Property);
        writer.WriteString("reason", reason);
        if (LenientJson.TopLevelString(raw, "id"u8) is { } id)
            writer.WriteString("id", id);
        if (LenientJson.TopLevelInteger(raw, "_lsn"u8) is { } lsn)
            writer.WriteNumber("lsn", lsn);
        writer.WriteNumber("bytes", raw.Length);
        if (kept.Length < raw.Length)
            writer.WriteNumber("keptBytes", kept.Length);
        if (text is not null)
            writer.WriteString("text", text);
        else
            writer.WriteBase64String("base64", kept);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.Flush();
        return buffer;
    }

    /// <summary>The largest length up to <paramref name="limit"/> that does not cut a UTF-8 sequence in two.</summary>
    private static int CharacterBoundary(ReadOnlySpan<byte> bytes, int limit)
    {
        var end = limit;
        while (end > 0 && end > limit - 4 && (bytes[end] & 0xC0) == 0x80)
            end--;
        return end;
    }

    private static bool TryDecode(ReadOnlySpan<byte> bytes, out string text)
    {
        try
        {
            text = StrictUtf8.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = string.Empty;
            return false;
        }
    }
}

using System.Runtime.InteropServices;
using System.Text.Json;

namespace ChangeFeed.Routing;

/// <summary>
/// Consecutive kept properties of a document that its text writes exactly as the event data does,
/// <c>"name":value,"name":value</c> (no whitespace around ':' and ','): a slice of the text, from the first name's
/// opening quote to the last value's end, which <see cref="DocumentData"/> copies in one piece.
/// </summary>
internal struct DataRun
{
    private int start;
    private int end;

    public readonly bool IsEmpty => end == 0;

    /// <summary>Takes the property into the run if it follows it in the text after a single comma.</summary>
    public bool TryExtend(ReadOnlySpan<byte> text, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (IsEmpty || !TryLocate(text, name, value, out var propertyStart, out var propertyEnd) || propertyStart != end + 1)
            return false;
        end = propertyEnd;
        return true;
    }

    /// <summary>Starts a run with the property (no run is open), unless the text writes it otherwise.</summary>
    public bool TryStart(ReadOnlySpan<byte> text, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (!IsEmpty || !TryLocate(text, name, value, out var propertyStart, out var propertyEnd))
            return false;
        (start, end) = (propertyStart, propertyEnd);
        return true;
    }

    /// <summary>Writes the run (after a comma unless it is the first thing written after the '{') and ends it.</summary>
    public void Flush(PooledBufferWriter buffer, ReadOnlySpan<byte> text)
    {
        if (IsEmpty)
            return;
        if (buffer.WrittenSpan.Length > 1)
            buffer.Write(","u8);
        buffer.Write(text[start..end]);
        (start, end) = (0, 0);
    }

    /// <summary>The data when the run is all of it: braces around the run, or <c>{}</c>.</summary>
    public readonly byte[] ToData(ReadOnlySpan<byte> text)
    {
        var data = new byte[end - start + 2];
        data[0] = (byte)'{';
        text[start..end].CopyTo(data.AsSpan(1));
        data[^1] = (byte)'}';
        return data;
    }

    /// <summary>
    /// Where <c>"name":value</c> stands in the text, if the text writes it so: the value 2 bytes after the name (its
    /// closing quote and the colon). A property is never at offset 0 (the object's '{' is), so 0 marks no run.
    /// </summary>
    private static bool TryLocate(ReadOnlySpan<byte> text, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, out int propertyStart, out int propertyEnd)
    {
        propertyStart = propertyEnd = 0;
        if (!text.Overlaps(name, out var nameOffset) || !text.Overlaps(value, out var valueOffset)
            || nameOffset < 2 || valueOffset != nameOffset + name.Length + 2 || valueOffset + value.Length > text.Length)
        {
            return false;
        }

        propertyStart = nameOffset - 1;
        propertyEnd = valueOffset + value.Length;
        return true;
    }

    /// <summary>
    /// Follows a document's properties in order while its kept properties (all but the system properties) form one
    /// run; <see cref="DocumentFields"/> does it in its pass, so that the data needs no pass of its own. It looks at
    /// the bytes around each kept name only: a colon right after it and no whitespace after the colon, a comma right
    /// before it (after the first) and no whitespace before the comma. JSON values neither start nor end with
    /// whitespace, so that is <c>"name":value,"name":value</c>; where the last value ends is found once, at the end.
    /// </summary>
    public struct Tracker
    {
        private int start;
        private JsonElement last;
        private bool closed;
        private bool broken;

        public void Add(ReadOnlySpan<byte> text, JsonProperty property, ReadOnlySpan<byte> name, bool escaped)
        {
            if (broken)
                return;

            // A system property after kept ones ends the run: a kept property after it is not in the run.
            if (DocumentData.IsSystemProperty(property, name, escaped))
            {
                closed = start != 0;
                return;
            }

            if (closed || !text.Overlaps(name, out var at) || !Written(text, at, name.Length, first: start == 0))
            {
                broken = true;
                return;
            }

            if (start == 0)
                start = at - 1;
            last = property.Value;
        }

        /// <summary>The run of all kept properties, or null when they are not one (then the data is written property by property).</summary>
        public readonly DataRun? Run(ReadOnlySpan<byte> text)
        {
            if (broken)
                return null;
            if (start == 0)
                return default(DataRun);

            var value = JsonMarshal.GetRawUtf8Value(last);
            if (!text.Overlaps(value, out var at))
                return null;
            return new DataRun { start = start, end = at + value.Length };
        }

        /// <summary>Whether the name at <paramref name="at"/> stands as <c>"name":</c> + value, and after <c>value,</c> unless it is the first.</summary>
        private static bool Written(ReadOnlySpan<byte> text, int at, int length, bool first)
        {
            var colon = at + length + 1;
            if (colon + 1 >= text.Length || text[colon] != (byte)':' || IsWhitespace(text[colon + 1]))
                return false;
            return first || (at >= 3 && text[at - 2] == (byte)',' && !IsWhitespace(text[at - 3]));
        }

        private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';
    }
}

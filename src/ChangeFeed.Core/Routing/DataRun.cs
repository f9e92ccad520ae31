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
            DocumentData.Append(buffer, ","u8);
        DocumentData.Append(buffer, text[start..end]);
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
    /// run; <see cref="DocumentFields"/> does it in its pass, so that the data needs no pass of its own.
    /// </summary>
    public struct Tracker
    {
        private DataRun run;
        private bool broken;

        /// <summary>The run of all kept properties, or null when they are not one (then the data is written property by property).</summary>
        public readonly DataRun? Run => broken ? null : run;

        public void Add(ReadOnlySpan<byte> text, JsonProperty property, ReadOnlySpan<byte> name)
        {
            // A system property between kept ones breaks the run: the next one does not follow it after a single comma.
            if (broken || DocumentData.IsSystemProperty(property, name))
                return;

            var value = JsonMarshal.GetRawUtf8Value(property.Value);
            broken = !(run.IsEmpty ? run.TryStart(text, name, value) : run.TryExtend(text, name, value));
        }
    }
}

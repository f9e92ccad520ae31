using System.Buffers.Text;
using System.Text.Json;

namespace ChangeFeed.Reading;

/// <summary>
/// Finds the structure of JSON that could not be parsed: only strings, brackets, colons and commas are looked at,
/// nothing is validated and there is no depth limit, so a batch can be cut into its documents, and a document's id
/// and <c>_lsn</c> found, around whatever is wrong inside them.
/// </summary>
internal static class LenientJson
{
    /// <summary>The elements of the array whose <c>[</c> is at <paramref name="open"/>, as (start, length), in order.</summary>
    /// <param name="terminated">False when the input ends before the array does (the last element is then cut short).</param>
    public static List<(int Start, int Length)> ArrayElements(ReadOnlySpan<byte> json, int open, out bool terminated)
    {
        var elements = new List<(int, int)>();
        var depth = 0;
        var start = -1;
        var last = -1;
        for (var i = open + 1; i < json.Length; i++)
        {
            var b = json[i];
            if (b == (byte)'"')
            {
                start = start < 0 ? i : start;
                i = EndOfString(json, i);
                if (i < 0)
                    break;
                last = i;
                continue;
            }

            if (depth == 0 && b is (byte)',' or (byte)']')
            {
                if (start >= 0)
                    elements.Add((start, last + 1 - start));
                start = -1;
                if (b == (byte)']')
                {
                    terminated = true;
                    return elements;
                }

                continue;
            }

            if (IsWhiteSpace(b))
                continue;
            start = start < 0 ? i : start;
            last = i;
            if (b is (byte)'{' or (byte)'[')
                depth++;
            else if (b is (byte)'}' or (byte)']' && depth > 0)
                depth--;
        }

        if (start >= 0)
            elements.Add((start, json.Length - start));
        terminated = false;
        return elements;
    }

    /// <summary>Where the value of the root object's property <paramref name="name"/> starts, or -1.</summary>
    public static int TopLevelValue(ReadOnlySpan<byte> json, ReadOnlySpan<byte> name)
    {
        var depth = 0;
        var expectingName = false;
        for (var i = 0; i < json.Length; i++)
        {
            switch (json[i])
            {
                case (byte)'"':
                    var end = EndOfString(json, i);
                    if (end < 0)
                        return -1;
                    if (depth == 1 && expectingName)
                    {
                        var colon = SkipWhiteSpace(json, end + 1);
                        if (colon < json.Length && json[colon] == (byte)':' && json[(i + 1)..end].SequenceEqual(name))
                            return SkipWhiteSpace(json, colon + 1);
                        expectingName = false;
                    }

                    i = end;
                    break;
                case (byte)'{':
                    depth++;
                    expectingName = depth == 1;
                    break;
                case (byte)'[':
                    depth++;
                    break;
                case (byte)'}' or (byte)']':
                    if (--depth <= 0)
                        return -1;
                    break;
                case (byte)',':
                    expectingName = depth == 1;
                    break;
            }
        }

        return -1;
    }

    /// <summary>The root object's string property <paramref name="name"/>, unescaped when it can be; null when not found.</summary>
    public static string? TopLevelString(ReadOnlySpan<byte> json, ReadOnlySpan<byte> name)
    {
        var start = TopLevelValue(json, name);
        if (start < 0 || start >= json.Length || json[start] != (byte)'"')
            return null;
        var end = EndOfString(json, start);
        if (end < 0)
            return null;
        try
        {
            var reader = new Utf8JsonReader(json[start..(end + 1)], DocumentLimits.ReaderOptions);
            reader.Read();
            return reader.GetString();
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            return System.Text.Encoding.UTF8.GetString(json[(start + 1)..end]);
        }
    }

    /// <summary>The root object's integer property <paramref name="name"/>; null when not found or not an integer.</summary>
    public static long? TopLevelInteger(ReadOnlySpan<byte> json, ReadOnlySpan<byte> name)
    {
        var start = TopLevelValue(json, name);
        return start >= 0 && Utf8Parser.TryParse(json[start..], out long value, out var consumed)
            && (start + consumed == json.Length || json[start + consumed] is (byte)',' or (byte)'}' || IsWhiteSpace(json[start + consumed]))
            ? value
            : null;
    }

    /// <summary>The index of the quote closing the string that opens at <paramref name="quote"/>, or -1.</summary>
    public static int EndOfString(ReadOnlySpan<byte> json, int quote)
    {
        for (var i = quote + 1; i < json.Length; i++)
        {
            if (json[i] == (byte)'\\')
                i++;
            else if (json[i] == (byte)'"')
                return i;
        }

        return -1;
    }

    public static int SkipWhiteSpace(ReadOnlySpan<byte> json, int from)
    {
        while (from < json.Length && IsWhiteSpace(json[from]))
            from++;
        return from;
    }

    private static bool IsWhiteSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';
}

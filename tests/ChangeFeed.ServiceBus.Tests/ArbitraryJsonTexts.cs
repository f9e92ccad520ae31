using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace ChangeFeed.ServiceBus.Tests;

/// <summary>
/// JSON texts as the change feed may return them, written token by token so that every escape form stays as written:
/// names and strings with every escape JSON has (upper and lower case hex, surrogate pairs, unpaired and reversed
/// surrogates), raw non-ASCII, very long and duplicate names, names that are system properties written with escapes,
/// numbers at and beyond double range, whitespace inside values, nesting up to the service's 128 levels, and now and
/// then a document that is no object or has no usable id. Each text comes with the event data it must give if it is
/// relayed: its own bytes without the removed properties (system properties and the route's excluded <c>secret</c>).
/// </summary>
internal static class ArbitraryJsonTexts
{
    /// <summary>A change feed text and the exact data its event must carry if it is relayed.</summary>
    public sealed record Case(string Json, string Data)
    {
        public override string ToString() => Json.Length <= 2000 ? Json : Json[..2000] + $"... ({Json.Length} characters)";
    }

    private static readonly string[] Escapes =
    [
        "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "\\u0000", "\\u001f", "\\u0041", "\\u00e9", "\\u00E9", "\\u2028",
        "\\uFFFF", "\\ud83d\\ude00", "\\uD83D\\uDE00", "\\ud800", "\\uDBFF", "\\udc00", "\\udfff", "\\udc00\\ud800", "\\ud800\\u0041",
    ];

    private static readonly string[] RawPieces = ["a", "Z", "0", " ", "$", "'", "<&>", "é", "名前", "😀", "\u2028", "\uFEFF"];

    /// <summary>Names that are removed from the data however they are written.</summary>
    private static readonly string[] RemovedNames =
    [
        "_rid", "_self", "_etag", "_attachments", "_ts", "_lsn", "\\u005fts", "\\u005Flsn", "_\\u0065tag", "\\u005f\\u0072\\u0069\\u0064",
        "secret", "s\\u0065cret", "\\u0073\\u0065\\u0063\\u0072\\u0065\\u0074",
    ];

    private static readonly string[] Numbers =
    [
        "0", "-0", "1", "-1", "0.1", "1E+2", "-12.50e-3", "1e400", "-1E-400", "1.7976931348623157e308", "1.7976931348623159e308",
        "-1.7976931348623157E+308", "4.9e-324", "2e-324", "9007199254740993", "-9223372036854775809", "18446744073709551616",
        "123456789012345678901234567890.123456789012345678901234567890",
    ];

    private static readonly string[] Spaces = ["", "", "", " ", "\n", "\r\n\t "];

    public static Gen<Case> Document => Gen.Frequency(
        (24, ObjectDocument),
        (1, NotAnObject.Select(json => new Case(json, string.Empty))));

    /// <summary>The body of a JSON string as written (no quotes), from escapes, raw characters and ASCII.</summary>
    private static Gen<string> StringBody => Gen.Choose(0, 8).SelectMany(count => Gen.ArrayOf(
        Gen.Frequency(
            (3, Gen.Elements(Escapes)),
            (3, Gen.Elements(RawPieces)),
            (2, Gen.Choose(0x20, 0x7e).Where(c => c is not ('"' or '\\')).Select(c => ((char)c).ToString()))),
        count)).Select(string.Concat);

    /// <summary>A name that is kept: never a system property or <c>secret</c>, however escaped, and never empty-prefixed by '_'.</summary>
    private static Gen<string> KeptName => Gen.Frequency(
        (8, StringBody.Where(body => !body.StartsWith('_') && !body.StartsWith("\\u005", StringComparison.OrdinalIgnoreCase) && !IsSecret(body))),
        (1, Gen.Choose(1_000, 20_000).SelectMany(length => Gen.Elements(RawPieces).Select(piece => string.Concat(Enumerable.Repeat(piece, length / piece.Length))))));

    private static Gen<string> Scalar => Gen.Frequency(
        (3, StringBody.Select(body => $"\"{body}\"")),
        (3, Gen.Elements(Numbers)),
        (1, Gen.Elements("true", "false", "null")));

    /// <summary>Objects and arrays nested 100 to 128 levels below the document, with whitespace and names of every form.</summary>
    private static Gen<string> Deep =>
        from levels in Gen.Frequency((1, Gen.Choose(100, 127)), (1, Gen.Constant(128)))
        from kinds in Gen.ArrayOf(Gen.Elements(false, true), levels)
        from name in KeptName
        from inner in Scalar
        select kinds.Aggregate(inner, (json, inArray) => inArray ? $"[ {json}]" : $"{{\"{name}\":{json}\n}}");

    private static Gen<Case> ObjectDocument =>
        from id in Gen.Frequency(
            (12, Gen.Choose(0, 1_000_000).Select(n => $"\"doc-{n.ToString(CultureInfo.InvariantCulture)}\"")),
            (2, StringBody.Where(body => body.Length > 0).Select(body => $"\"{body}\"")),
            (1, Gen.Elements("", "1", "null", "\"\"", "\"\\ud800\"")))
        from customer in Gen.Frequency((6, Gen.Constant("\"c-1\"")), (2, Scalar), (1, Gen.Constant("")))
        from count in Gen.Choose(0, 8)
        from properties in Gen.ArrayOf(Property(3), count)
        from duplicates in Gen.ArrayOf(Gen.Choose(0, Math.Max(0, count - 1)), count == 0 ? 0 : count / 3)
        from deep in Gen.Frequency((19, Gen.Constant<string?>(null)), (1, Deep.Select(json => (string?)json)))
        from lsn in Gen.Choose(1, int.MaxValue)
        select Assemble(id, customer, [.. properties, .. duplicates.Select(i => (properties[i].Name, "\"duplicate\"", properties[i].Kept))], deep, lsn);

    private static Gen<string> NotAnObject => Gen.OneOf(Scalar, Value(2).Where(json => !json.StartsWith('{')));

    private static Gen<(string Name, string Value, bool Kept)> Property(int depth) =>
        from removed in Gen.Frequency((9, Gen.Constant(false)), (1, Gen.Constant(true)))
        from name in removed ? Gen.Elements(RemovedNames) : KeptName
        from value in Value(depth)
        select (name, value, !removed);

    private static Gen<string> Value(int depth) =>
        depth <= 0
            ? Scalar
            : Gen.Frequency(
                (4, Scalar),
                (1, from items in Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Value(depth - 1), n))
                    from space in Gen.Elements(Spaces)
                    select $"[{space}{string.Join($",{space}", items)}{space}]"),
                (1, from names in Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Gen.OneOf(KeptName, Gen.Elements(RemovedNames)), n))
                    from values in Gen.ArrayOf(Value(depth - 1), names.Length)
                    from space in Gen.Elements(Spaces)
                    select $"{{{space}{string.Join(",", names.Zip(values, (n, v) => $"\"{n}\"{space}:{space}{v}"))}{space}}}"));

    private static Case Assemble(string id, string customer, IEnumerable<(string Name, string Value, bool Kept)> properties, string? deep, int lsn)
    {
        var all = new List<(string Name, string Value, bool Kept)>();
        if (id.Length > 0)
            all.Add(("id", id, true));
        if (customer.Length > 0)
            all.Add(("customerId", customer, true));
        all.AddRange(properties);
        if (deep is not null)
            all.Add(("deep", deep, true));
        all.Add(("_rid", "\"abc==\"", false));
        all.Add(("_self", "\"dbs/abc==/colls/def==/docs/ghi==/\"", false));
        all.Add(("_etag", "\"\\\"0000-00\\\"\"", false));
        all.Add(("_attachments", "\"attachments/\"", false));
        all.Add(("_ts", "1764000000", false));
        all.Add(("_lsn", lsn.ToString(CultureInfo.InvariantCulture), false));

        var json = new StringBuilder("{");
        var data = new StringBuilder("{");
        foreach (var (name, value, kept) in all)
        {
            json.Append(json.Length == 1 ? "" : ",").Append('"').Append(name).Append("\":").Append(value);
            if (kept)
                data.Append(data.Length == 1 ? "" : ",").Append('"').Append(name).Append("\":").Append(value);
        }

        return new Case(json.Append('}').ToString(), data.Append('}').ToString());
    }

    private static bool IsSecret(string body) =>
        RemovedNames.Contains(body, StringComparer.Ordinal) || body.Replace("\\u0065", "e", StringComparison.OrdinalIgnoreCase) == "secret";
}

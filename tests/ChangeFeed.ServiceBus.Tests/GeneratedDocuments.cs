using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace ChangeFeed.ServiceBus.Tests;

/// <summary>
/// Change-feed documents of every shape Cosmos DB accepts, as JSON text: every value kind, unicode written raw and
/// escaped, numbers beyond double range and precision, empty and odd property names, nesting up to the service's 128
/// levels, sizes up to its 2 MB. Deep and large documents are rare (a few in a hundred) so that a CI run stays fast.
/// </summary>
internal static class GeneratedDocuments
{
    /// <summary>The Cosmos DB system properties every change feed document carries; never event data.</summary>
    public static readonly string[] SystemProperties = ["_rid", "_self", "_etag", "_attachments", "_ts", "_lsn"];

    private static readonly string[] Numbers =
    [
        "0", "-0", "1", "-1", "42", "3.5", "-12.25e+10", "1E-7", "2.5E3", "9007199254740993", "-9223372036854775809",
        "123456789012345678901234567890", "3.14159265358979323846264338327950288", "1e400", "-1E-400", "0.000000000000000000000000001",
    ];

    private static readonly string[] Texts =
    [
        "", "plain", "with \"quotes\" and \\ back\\slashes", "tab\tnew\nline\rreturn", "\u0001\u001f control", "/slash/",
        "café", "名前", "emoji 😀 🇧🇪", "\u2028\u2029", "<script>&amp;</script>", "'single'", "\uFEFF bom", " ",
    ];

    private static readonly string[] Names =
    [
        "", " ", "a", "name", "Name", "_custom", "__", "$type", "a.b", "a/b", "a\"b", "a\\b", "名前", "😀", "\u0000", "id ", "_lsn2", "ttl",
    ];

    /// <summary>A document with <c>id</c>, the partition key <c>pk</c>, user properties and the system properties.</summary>
    public static Gen<string> Document =>
        // id and partition key become CloudEvents attributes, which allow no control characters (such a change is
        // parked instead: see the router's tests).
        from id in Text.Where(text => text.Length > 0 && !text.Any(char.IsControl))
        from pk in Text.Where(text => !text.Any(char.IsControl))
        from properties in Gen.Sized(size => Gen.Choose(0, Math.Min(size, 12)).SelectMany(count => Gen.ArrayOf(Property(Gen.Choose(0, 3)), count)))
        from deep in Gen.Frequency((19, Gen.Constant<(string, Node)?>(null)), (1, Nested.Select(n => ((string, Node)?)("deep", n))))
        from large in Gen.Frequency((24, Gen.Constant<(string, Node)?>(null)), (1, Large.Select(n => ((string, Node)?)("large", n))))
        from escape in Gen.Elements(false, true)
        from lsn in Gen.Choose(1, int.MaxValue)
        select Render(new Obj([
            ("id", new Str(id)), ("pk", new Str(pk)),
            .. Distinct(properties), .. new[] { deep, large }.OfType<(string, Node)>(),
            ("_rid", new Str("abc==")), ("_self", new Str("dbs/abc==/colls/def==/docs/ghi==/")), ("_etag", new Str("\"0000-00\"")),
            ("_attachments", new Str("attachments/")), ("_ts", new Num("1764000000")), ("_lsn", new Num(lsn.ToString(CultureInfo.InvariantCulture))),
        ]), escape);

    private static Gen<string> Text { get; } = Gen.OneOf(
        Gen.Elements(Texts),
        Gen.ArrayOf(Gen.Choose(0x20, 0x2FF).Select(c => (char)c)).Select(chars => new string(chars)),
        from first in Gen.Elements(Texts)
        from second in Gen.Elements(Texts)
        select first + second);

    /// <summary>A value nested <c>depth</c> levels at most (0 = a scalar), with its containers small.</summary>
    private static Gen<Node> Value(int depth) =>
        depth <= 0
            ? Scalar
            : Gen.Frequency(
                (4, Scalar),
                (1, Gen.Choose(0, 4).SelectMany(count => Gen.ArrayOf(Value(depth - 1), count)).Select(items => (Node)new Arr(items))),
                (1, Gen.Choose(0, 4).SelectMany(count => Gen.ArrayOf(Property(Gen.Constant(depth - 1)), count)).Select(p => (Node)new Obj(Distinct(p)))));

    private static Gen<Node> Scalar { get; } = Gen.Frequency(
        (3, Text.Select(t => (Node)new Str(t))),
        (3, Gen.Elements(Numbers).Select(n => (Node)new Num(n))),
        (1, Gen.Choose(-1_000_000, 1_000_000).Select(n => (Node)new Num(n.ToString(CultureInfo.InvariantCulture)))),
        (1, Gen.Elements<Node>(new Lit("true"), new Lit("false"), new Lit("null"))));

    private static Gen<(string, Node)> Property(Gen<int> depth) =>
        from name in Gen.OneOf(Gen.Elements(Names), Text)
        from d in depth
        from value in Value(d)
        select (name, value);

    /// <summary>Objects and arrays nested 1 to 128 levels, around a small value: the document itself adds the 129th.</summary>
    private static Gen<Node> Nested { get; } =
        from levels in Gen.Frequency((3, Gen.Choose(1, 70)), (2, Gen.Choose(100, 128)), (1, Gen.Constant(128)))
        from kinds in Gen.ArrayOf(Gen.Elements(false, true), levels)
        from name in Gen.Elements(Names)
        from inner in Scalar
        select kinds.Aggregate(inner, (node, inArray) => inArray ? new Arr([node]) : new Obj([(name, node)]));

    /// <summary>A string making the document anything up to about 1.9 MB, however its characters are written.</summary>
    private static Gen<Node> Large { get; } =
        from kilobytes in Gen.Frequency((3, Gen.Choose(64, 512)), (1, Gen.Choose(1024, 1900)))
        from text in Gen.Elements(Texts).Where(text => text.Length > 0)
        select (Node)new Str(string.Concat(Enumerable.Repeat(text, kilobytes * 1024 / text.Sum(c => c is >= ' ' and <= '~' and not ('"' or '\\') ? 1 : 6))));

    /// <summary>Properties with distinct names that are not the document's own (id, pk) or system properties.</summary>
    private static (string, Node)[] Distinct(IEnumerable<(string Name, Node Value)> properties) =>
        [.. properties.Where(p => p.Name is not ("id" or "pk" or "deep" or "large" or "_changeFeedOperation" or "_changeFeedUnreadable") && !SystemProperties.Contains(p.Name))
            .DistinctBy(p => p.Name, StringComparer.Ordinal)];

    private static string Render(Node document, bool escapeEverything)
    {
        var json = new StringBuilder();
        Write(document, json, escapeEverything);
        return json.ToString();
    }

    private static void Write(Node node, StringBuilder json, bool escapeEverything)
    {
        switch (node)
        {
            case Str text:
                WriteString(text.Value, json, escapeEverything);
                break;
            case Num number:
                json.Append(number.Literal);
                break;
            case Lit literal:
                json.Append(literal.Text);
                break;
            case Arr array:
                json.Append('[');
                for (var i = 0; i < array.Items.Length; i++)
                {
                    json.Append(i == 0 ? "" : ",");
                    Write(array.Items[i], json, escapeEverything);
                }

                json.Append(']');
                break;
            case Obj obj:
                json.Append('{');
                for (var i = 0; i < obj.Properties.Length; i++)
                {
                    json.Append(i == 0 ? "" : ",");
                    WriteString(obj.Properties[i].Name, json, escapeEverything);
                    json.Append(':');
                    Write(obj.Properties[i].Value, json, escapeEverything);
                }

                json.Append('}');
                break;
        }
    }

    /// <summary>As JSON allows: only what must be escaped, or (<paramref name="escapeEverything"/>) every non-ASCII character as <c>\uXXXX</c> and <c>/</c> as <c>\/</c>.</summary>
    private static void WriteString(string value, StringBuilder json, bool escapeEverything)
    {
        json.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\n': json.Append("\\n"); break;
                case '\t': json.Append("\\t"); break;
                case '/' when escapeEverything: json.Append("\\/"); break;
                case < ' ' or > '~' when c < ' ' || escapeEverything:
                    json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default: json.Append(c); break;
            }
        }

        json.Append('"');
    }

    private abstract record Node;

    private sealed record Str(string Value) : Node;

    private sealed record Num(string Literal) : Node;

    private sealed record Lit(string Text) : Node;

    private sealed record Arr(Node[] Items) : Node;

    private sealed record Obj((string Name, Node Value)[] Properties) : Node;
}

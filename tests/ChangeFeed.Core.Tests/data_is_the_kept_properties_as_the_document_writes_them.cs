using System.Text;
using System.Text.Json;
using ChangeFeed.Routing;
using FsCheck;
using FsCheck.Fluent;

namespace ChangeFeed.Core.Tests;

/// <summary>
/// <see cref="DocumentData"/> copies runs of kept properties from the document's text when the document writes them as
/// the data does (<c>"name":value,"name":value</c>), and each property on its own otherwise. Whatever whitespace the
/// document has around its names, colons and commas, and wherever its removed properties stand, the data is
/// <c>{"name":value,...}</c> of the kept properties, each name and value byte for byte as written.
/// </summary>
public class data_is_the_kept_properties_as_the_document_writes_them
{
    // Names as written: kept ones (escapes included), system properties however escaped, and the excluded "secret".
    private static readonly string[] Names =
    [
        "id", "customerId", "total", "a\\\"b", "\\u00e9", "é", "", "\\ud800", "_kept", "_rid", "_self", "_etag", "_attachments",
        "_ts", "_lsn", "\\u005flsn", "_\\u0065tag", "secret", "s\\u0065cret",
    ];

    private static readonly string[] Removed = ["_rid", "_self", "_etag", "_attachments", "_ts", "_lsn", "\\u005flsn", "_\\u0065tag", "secret", "s\\u0065cret"];

    private static readonly string[] Values = ["\"a\"", "\"\"", "\"\\\"x\\\"\"", "1", "-0.5e3", "true", "null", "{ \"_rid\" : [ 1 ,2 ] }", "[]", "{}"];

    // Mostly none, so that runs form; sometimes any whitespace JSON allows.
    private static readonly string[] Spaces = ["", "", "", "", " ", "\n", "\r\n\t "];

    private sealed record Layout(string Json, string Data)
    {
        public override string ToString() => Json;
    }

    private static Gen<(string Before, string Name, string AfterName, string AfterColon, string Value, string AfterValue)> Property { get; } =
        from before in Gen.Elements(Spaces)
        from name in Gen.Elements(Names)
        from afterName in Gen.Elements(Spaces)
        from afterColon in Gen.Elements(Spaces)
        from value in Gen.Elements(Values)
        from afterValue in Gen.Elements(Spaces)
        select (before, name, afterName, afterColon, value, afterValue);

    private static Gen<Layout> Document { get; } =
        from properties in Gen.Choose(0, 10).SelectMany(count => Gen.ArrayOf(Property, count))
        from inside in Gen.Elements(Spaces)
        select new Layout(
            "{" + inside + string.Join(",", properties.Select(p => $"{p.Before}\"{p.Name}\"{p.AfterName}:{p.AfterColon}{p.Value}{p.AfterValue}")) + "}",
            "{" + string.Join(",", properties.Where(p => !Removed.Contains(p.Name)).Select(p => $"\"{p.Name}\":{p.Value}")) + "}");

    [Fact]
    public void whatever_whitespace_stands_between_the_properties() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2_000), Prop.ForAll(Arb.From(Document), layout =>
        {
            var route = Changes.Route(options => options.ExcludeProperties = "secret");
            var expected = Encoding.UTF8.GetBytes(layout.Data);

            // The document on its own, and as one item of a page (what the reader hands over: a slice of the page).
            using var alone = JsonDocument.Parse(Encoding.UTF8.GetBytes(layout.Json));
            Assert.Equal(expected, DocumentData.Write(alone.RootElement, route));
            using var page = JsonDocument.Parse(Encoding.UTF8.GetBytes($"[{layout.Json} ,{layout.Json}]"));
            Assert.Equal(expected, DocumentData.Write(page.RootElement[1], route));
        }));

    [Theory]
    [InlineData("""{"id":"o-1","customerId":"c-1","_rid":"x","_ts":1}""", """{"id":"o-1","customerId":"c-1"}""")]
    [InlineData("""{"_rid":"x","id":"o-1","secret":1,"customerId":"c-1","_ts":1,"total":2}""", """{"id":"o-1","customerId":"c-1","total":2}""")]
    [InlineData("""{ "id" : "o-1" , "customerId":"c-1","total":2 ,"_ts":1 }""", """{"id":"o-1","customerId":"c-1","total":2}""")]
    [InlineData("""{"_rid":"x","_ts":1}""", "{}")]
    [InlineData("{}", "{}")]
    public void runs_and_single_properties_join_with_one_comma(string json, string data)
    {
        using var document = JsonDocument.Parse(json);
        var written = DocumentData.Write(document.RootElement, Changes.Route(options => options.ExcludeProperties = "secret"));
        Assert.Equal(data, Encoding.UTF8.GetString(written));
    }
}

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
        "_ts", "_lsn", "\\u005flsn", "_\\u0065tag", "_changeFeedOperation", "secret", "s\\u0065cret",
    ];

    // The system properties however written, and the names of "secret".
    private static readonly string[] SystemProperties = ["_rid", "_self", "_etag", "_attachments", "_ts", "_lsn", "\\u005flsn", "_\\u0065tag", "_changeFeedOperation"];
    private static readonly string[] Removed = [.. SystemProperties, "secret", "s\\u0065cret"];

    private static readonly string[] Values = ["\"a\"", "\"\"", "\"\\\"x\\\"\"", "1", "-0.5e3", "true", "null", "{ \"_rid\" : [ 1 ,2 ] }", "[]", "{}"];

    // Mostly none, so that runs form; sometimes any whitespace JSON allows.
    private static readonly string[] Spaces = ["", "", "", "", " ", "\n", "\r\n\t "];

    private sealed record Layout(string Json, string Data, string DataWithSecrets)
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
            "{" + string.Join(",", properties.Where(p => !Removed.Contains(p.Name)).Select(p => $"\"{p.Name}\":{p.Value}")) + "}",
            "{" + string.Join(",", properties.Where(p => !SystemProperties.Contains(p.Name)).Select(p => $"\"{p.Name}\":{p.Value}")) + "}");

    [Theory]
    [InlineData("secret")]
    [InlineData(null)]
    public void whatever_whitespace_stands_between_the_properties(string? excluded) =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2_000), Prop.ForAll(Arb.From(Document), layout =>
        {
            var route = Changes.Route(options => options.ExcludeProperties = excluded);
            var expected = Encoding.UTF8.GetBytes(excluded is null ? layout.DataWithSecrets : layout.Data);

            // The document on its own, and as one item of a page (what the reader hands over: a slice of the page);
            // written in a pass of its own, and from the run the router's pass found (a route without lists).
            using var alone = JsonDocument.Parse(Encoding.UTF8.GetBytes(layout.Json));
            using var page = JsonDocument.Parse(Encoding.UTF8.GetBytes($"[{layout.Json} ,{layout.Json}]"));
            foreach (var document in new[] { alone.RootElement, page.RootElement[1] })
            {
                Assert.Equal(expected, DocumentData.Write(document, route));
                var fields = DocumentFields.Read(document, CompiledRoute.Of(route));
                Assert.Equal(excluded is null, CompiledRoute.Of(route).DataIsTheDocument);
                Assert.Equal(expected, DocumentData.Write(document, route, fields.AllKept));
            }
        }));

    [Fact]
    public void the_router_s_pass_finds_the_run_of_a_document_written_as_its_data_is()
    {
        var route = Changes.Route();
        using var compact = JsonDocument.Parse("""{"_rid":"x","id":"o-1","customerId":"c-1","_ts":1,"_lsn":2}""");
        using var spaced = JsonDocument.Parse("""{"id":"o-1", "customerId":"c-1","_ts":1,"_lsn":2}""");
        using var interleaved = JsonDocument.Parse("""{"id":"o-1","_ts":1,"customerId":"c-1","_lsn":2}""");

        Assert.NotNull(DocumentFields.Read(compact.RootElement, CompiledRoute.Of(route)).AllKept);
        Assert.Null(DocumentFields.Read(spaced.RootElement, CompiledRoute.Of(route)).AllKept);
        Assert.Null(DocumentFields.Read(interleaved.RootElement, CompiledRoute.Of(route)).AllKept);
        Assert.Null(DocumentFields.Read(compact.RootElement, CompiledRoute.Of(Changes.Route(options => options.IncludeProperties = "id"))).AllKept);
    }

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

using System.Text;
using System.Text.Json;
using ChangeFeed.Reading;
using ChangeFeed.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace ChangeFeed.Core.Tests;

/// <summary>
/// <see cref="ChangeReader"/>: every document Cosmos DB accepts is read, and a page or batch that cannot be read as a
/// whole never fails: what can be read is kept in order, what cannot stands in its place as an unreadable change,
/// counted and logged with the route, the lease and the document.
/// </summary>
public sealed class a_batch_that_cannot_be_read_whole_is_read_document_by_document : IDisposable
{
    private readonly ServiceProvider services;
    private readonly FakeLogger<ChangeReader> logger = new();
    private readonly MetricCollector<long> failed;
    private readonly ChangeReader reader;

    public a_batch_that_cannot_be_read_whole_is_read_document_by_document()
    {
        services = new ServiceCollection().AddMetrics().AddSingleton<ChangeFeedTelemetry>().BuildServiceProvider();
        failed = new MetricCollector<long>(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), ChangeFeedTelemetry.Name, "changefeed.relays.failed");
        reader = new ChangeReader(services.GetRequiredService<ChangeFeedTelemetry>(), logger);
    }

    public void Dispose()
    {
        failed.Dispose();
        services.Dispose();
    }

    [Fact]
    public void a_page_with_a_document_nested_as_deep_as_cosmos_db_allows_is_read_whole()
    {
        var page = Page(Doc("a", 1), Doc("deep", 2, Nested(DocumentLimits.MaxNestingLevels)), Doc("c", 3));

        var changes = reader.ReadPage(page, "orders", "0");

        Assert.Equal(["a", "deep", "c"], changes.Select(c => c.GetProperty("id").GetString()));
        Assert.Equal(DocumentLimits.MaxDocumentDepth, Depth(changes[1]));
        Assert.Empty(failed.GetMeasurementSnapshot());
        Assert.Empty(logger.Collector.GetSnapshot());
    }

    [Fact]
    public void a_malformed_document_stands_in_its_place_with_its_reason_id_and_lsn_and_the_others_are_read()
    {
        const string Malformed = """{"id":"b","total":NaN,"_lsn":2}""";
        var page = Page(Doc("a", 1), Malformed, Doc("c", 3));

        var changes = reader.ReadPage(page, "orders", "lease-7");

        Assert.Equal(3, changes.Count);
        Assert.Equal("a", changes[0].GetProperty("id").GetString());
        Assert.Equal("c", changes[2].GetProperty("id").GetString());
        Assert.True(UnreadableChange.TryRead(changes[1], out var reason, out var id, out var lsn));
        Assert.Equal(("b", 2L), (id, lsn));
        Assert.Contains("cannot be read", reason, StringComparison.Ordinal);
        Assert.Contains("'N' is an invalid start of a value", reason, StringComparison.Ordinal);
        Assert.Equal(Malformed, changes[1].GetProperty(UnreadableChange.Property).GetProperty("text").GetString());

        var failure = Assert.Single(failed.GetMeasurementSnapshot());
        Assert.Equal("orders", failure.Tags["changefeed.route"]);
        Assert.Equal("unreadable_change", failure.Tags["error.type"]);
        var error = Assert.Single(logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Error);
        Assert.Contains("Route orders, lease lease-7: change 2 of 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("(id b, lsn 2)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void bytes_that_are_not_utf8_are_unreadable_and_kept_as_base64()
    {
        var bad = Encoding.UTF8.GetBytes("""{"id":"b","name":"x","_lsn":2}""");
        bad[bad.AsSpan().IndexOf((byte)'x')] = 0xFF;
        var page = Encoding.UTF8.GetBytes($"{{\"Documents\":[{Doc("a", 1)},").Concat(bad).Concat(Encoding.UTF8.GetBytes("],\"_count\":2}")).ToArray();

        var changes = reader.ReadPage(page, "orders", "0");

        Assert.Equal("a", changes[0].GetProperty("id").GetString());
        Assert.True(UnreadableChange.TryRead(changes[1], out var reason, out var id, out _));
        Assert.Equal("b", id);
        Assert.Contains("not valid UTF-8", reason, StringComparison.Ordinal);
        Assert.Equal(bad, changes[1].GetProperty(UnreadableChange.Property).GetProperty("base64").GetBytesFromBase64());
    }

    [Fact]
    public void a_page_cut_short_keeps_every_document_before_the_cut_and_the_cut_one_stands_for_itself()
    {
        var whole = Encoding.UTF8.GetString(Page(Doc("a", 1), Doc("b", 2), Doc("c", 3)));
        var cut = whole[..(whole.IndexOf("\"c\"", StringComparison.Ordinal) + 5)];

        var changes = reader.ReadPage(Encoding.UTF8.GetBytes(cut), "orders", "0");

        Assert.Equal(["a", "b"], changes.Take(2).Select(c => c.GetProperty("id").GetString()));
        Assert.True(UnreadableChange.TryRead(changes[2], out _, out var id, out _));
        Assert.Equal("c", id);
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Message.Contains("ends before its list of documents does", StringComparison.Ordinal));
    }

    [Fact]
    public void a_page_whose_documents_cannot_be_found_becomes_one_unreadable_change()
    {
        var changes = reader.ReadPage("""{"Items":[{"id":"a"}]}"""u8.ToArray(), "orders", "0");

        Assert.True(UnreadableChange.TryRead(Assert.Single(changes), out var reason, out _, out _));
        Assert.Contains("list of documents could not be found", reason, StringComparison.Ordinal);
        Assert.Single(failed.GetMeasurementSnapshot());
    }

    [Fact]
    public void a_functions_batch_is_read_the_same_way()
    {
        var batch = Encoding.UTF8.GetBytes($"[{Doc("a", 1)}, {{\"id\":\"b\",\"_lsn\":2,\"v\":tru}} ,{Doc("deep", 3, Nested(100))}]");

        var changes = reader.ReadBatch(batch, "orders", lease: null);

        Assert.Equal("a", changes[0].GetProperty("id").GetString());
        Assert.True(UnreadableChange.TryRead(changes[1], out _, out var id, out var lsn));
        Assert.Equal(("b", 2L), (id, lsn));
        Assert.Equal(101, Depth(changes[2]));
        Assert.Contains("lease (not told)", Assert.Single(logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Error).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void brackets_commas_and_quotes_inside_strings_do_not_cut_a_document()
    {
        const string Tricky = """{"id":"x],[{\"","note":"a,b]}{[","_lsn":5,"n":NaN}""";

        var changes = reader.ReadBatch(Encoding.UTF8.GetBytes($"[{Tricky},{Doc("y", 6)}]"), "orders", null);

        Assert.Equal(2, changes.Count);
        Assert.True(UnreadableChange.TryRead(changes[0], out _, out var id, out var lsn));
        Assert.Equal(("x],[{\"", 5L), (id, lsn));
        Assert.Equal("y", changes[1].GetProperty("id").GetString());
    }

    [Fact]
    public void of_a_huge_unreadable_document_the_first_megabyte_is_kept()
    {
        var huge = $"{{\"id\":\"h\",\"_lsn\":9,\"blob\":\"{new string('x', DocumentLimits.MaxItemBytes - 100)}\",\"n\":NaN}}";

        var change = Assert.Single(reader.ReadBatch(Encoding.UTF8.GetBytes($"[{huge}]"), "orders", null));

        var marker = change.GetProperty(UnreadableChange.Property);
        Assert.Equal(huge.Length, marker.GetProperty("bytes").GetInt32());
        Assert.Equal(UnreadableChange.MaxKeptBytes, marker.GetProperty("keptBytes").GetInt32());
        Assert.Equal(huge[..UnreadableChange.MaxKeptBytes], marker.GetProperty("text").GetString());
        Assert.True(change.GetRawText().Length < 1536 * 1024, "the stand-in must fit the parking record's kept document");
    }

    internal static string Doc(string id, long lsn, string? payload = null) =>
        $$"""{"id":"{{id}}","customerId":"c-1"{{(payload is null ? "" : ",\"payload\":" + payload)}},"_ts":1764000000,"_lsn":{{lsn}}}""";

    /// <summary>Objects nested <paramref name="levels"/> deep: <c>{"level":{"level":...{"level":0}...}}</c>.</summary>
    internal static string Nested(int levels)
    {
        var json = new StringBuilder();
        json.Insert(0, "{\"level\":", levels - 1).Append("{\"level\":0}").Append('}', levels - 1);
        return json.ToString();
    }

    internal static int Depth(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => 1 + element.EnumerateObject().Select(p => Depth(p.Value)).DefaultIfEmpty(0).Max(),
        JsonValueKind.Array => 1 + element.EnumerateArray().Select(Depth).DefaultIfEmpty(0).Max(),
        _ => 0,
    };

    private static byte[] Page(params string[] documents) =>
        Encoding.UTF8.GetBytes($$"""{"_rid":"abc==","Documents":[{{string.Join(",", documents)}}],"_count":{{documents.Length}}}""");
}

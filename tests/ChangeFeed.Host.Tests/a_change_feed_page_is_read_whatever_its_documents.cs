using System.Text;
using System.Text.Json;
using ChangeFeed.Host.Processing;
using ChangeFeed.Reading;
using ChangeFeed.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChangeFeed.Host.Tests;

/// <summary>
/// The host's stream handler reads the page the SDK hands it: a document nested 100 levels used to make the whole page
/// throw (System.Text.Json's default depth is 64), so the lease never moved; now it is read like any other, and a
/// document that cannot be read at all takes its place as an unreadable change the relay parks.
/// </summary>
public sealed class a_change_feed_page_is_read_whatever_its_documents : IDisposable
{
    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().AddSingleton<ChangeFeedTelemetry>().BuildServiceProvider();

    private ChangeReader Reader => new(services.GetRequiredService<ChangeFeedTelemetry>(), NullLogger<ChangeReader>.Instance);

    public void Dispose() => services.Dispose();

    [Fact]
    public async Task a_page_with_a_document_nested_100_levels_is_read_into_all_its_documents_in_order()
    {
        using var page = new MemoryStream(Page(Doc("a", 1), Doc("deep", 2, Nested(100)), Doc("c", 3)));

        var documents = await ChangeFeedPage.ReadAsync(page, Reader, "orders", "0", CancellationToken.None);

        Assert.Equal(["a", "deep", "c"], documents.Select(d => d.GetProperty("id").GetString()));
        Assert.Equal(Nested(100), documents[1].GetProperty("payload").GetRawText());
    }

    [Fact]
    public async Task a_page_from_a_stream_that_cannot_seek_is_read_the_same_way()
    {
        using var page = new OneWayStream(Page(Doc("a", 1), """{"id":"b","_lsn":2,"v":NaN}""", Doc("c", 3)));

        var documents = await ChangeFeedPage.ReadAsync(page, Reader, "orders", "0", CancellationToken.None);

        Assert.Equal("a", documents[0].GetProperty("id").GetString());
        Assert.True(UnreadableChange.TryRead(documents[1], out _, out var id, out _));
        Assert.Equal("b", id);
        Assert.Equal("c", documents[2].GetProperty("id").GetString());
    }

    private static string Doc(string id, long lsn, string? payload = null) =>
        $$"""{"id":"{{id}}","customerId":"c-1"{{(payload is null ? "" : ",\"payload\":" + payload)}},"_ts":1764000000,"_lsn":{{lsn}}}""";

    private static string Nested(int levels) =>
        new StringBuilder().Insert(0, "{\"level\":", levels - 1).Append("{\"level\":0}").Append('}', levels - 1).ToString();

    private static byte[] Page(params string[] documents) =>
        Encoding.UTF8.GetBytes($$"""{"_rid":"x","Documents":[{{string.Join(",", documents)}}],"_count":{{documents.Length}}}""");

    /// <summary>A stream that can only be read forward, as a network response body.</summary>
    private sealed class OneWayStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override bool TryGetBuffer(out ArraySegment<byte> buffer)
        {
            buffer = default;
            return false;
        }
    }
}

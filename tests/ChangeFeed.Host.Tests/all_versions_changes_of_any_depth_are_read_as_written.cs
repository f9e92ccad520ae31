using System.Text;
using ChangeFeed.Cosmos;
using ChangeFeed.Host.Processing;
using ChangeFeed.Reading;
using ChangeFeed.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Azure.Cosmos;
using Newtonsoft.Json.Linq;

namespace ChangeFeed.Host.Tests;

/// <summary>
/// All-versions-and-deletes mode reads its pages through the client's serializer, which every host builds: the page
/// comes as its bytes (<see cref="FullFidelityPage"/>) and is read with System.Text.Json, so a document nested as
/// deep as Cosmos DB allows is read (the SDK's default stops at 64 levels and fails the page) and date strings stay
/// as written; an empty page is no page, as the SDK skips the handler for it.
/// </summary>
public sealed class all_versions_changes_of_any_depth_are_read_as_written
{
    private const string Wire = """
        [{"current":{"id":"order-1","customerId":"c1","at":"2026-11-26T10:00:00.000+02:00","payload":PAYLOAD,"_ts":1764151200},
          "metadata":{"operationType":"create","lsn":42,"crts":1764151200,"previousImageLSN":0,"timeToLiveExpired":false,"id":"order-1","partitionKey":{"customerId":"c1"}}}]
        """;

    [Fact]
    public void a_create_nested_as_deep_as_cosmos_db_allows_becomes_the_same_document()
    {
        var payload = new StringBuilder().Insert(0, "{\"level\":", DocumentLimits.MaxNestingLevels).Append('0').Append('}', DocumentLimits.MaxNestingLevels).ToString();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(Wire.Replace("PAYLOAD", payload, StringComparison.Ordinal)));

        var page = Assert.Single(new CosmosDocumentSerializer().FromStream<ChangeFeedItem<FullFidelityPage>[]>(stream));
        using var services = new ServiceCollection().AddMetrics().AddSingleton<ChangeFeedTelemetry>().BuildServiceProvider();
        var reader = new ChangeReader(services.GetRequiredService<ChangeFeedTelemetry>(), NullLogger<ChangeReader>.Instance);
        var document = Assert.Single(AllVersionsChange.ReadPage(page.Current, reader, "orders", "0"));

        Assert.Equal(payload, document.GetProperty("payload").GetRawText());
        Assert.Equal("2026-11-26T10:00:00.000+02:00", document.GetProperty("at").GetString());
        Assert.Equal(42, document.GetProperty("_lsn").GetInt64());
    }

    [Fact]
    public void an_empty_page_hands_over_no_page()
    {
        using var stream = new MemoryStream(" [ ] "u8.ToArray());

        Assert.Empty(new CosmosDocumentSerializer().FromStream<ChangeFeedItem<FullFidelityPage>[]>(stream));
    }

    [Fact]
    public void what_it_writes_it_reads_back()
    {
        var serializer = new CosmosDocumentSerializer();
        var written = new JObject { ["id"] = "a", ["at"] = "2026-11-26T10:00:00.000Z", ["n"] = 1.5 };

        using var stream = serializer.ToStream(written);
        var read = serializer.FromStream<JObject>(stream);

        Assert.True(JToken.DeepEquals(written, read));
        Assert.Equal(JTokenType.String, read["at"]!.Type);
    }
}

using System.Runtime.InteropServices;

namespace ChangeFeed.Benchmarks.Tests;

/// <summary>
/// The page-reading benchmark compares like with like: for realistic order documents, latest-version mode gives the
/// bytes it gave with a clone per document, all-versions mode now gives the very bytes latest-version mode gives for
/// the same documents, and the same JSON values as its mapping before issue 27.
/// </summary>
public class all_versions_pages_read_as_before
{
    [Fact]
    public void every_change_gives_the_same_document()
    {
        using var benchmarks = new PageReadingBenchmarks();
        benchmarks.Setup();

        using var now = benchmarks.ReadAllVersions();
        var before = benchmarks.ReadAllVersionsBefore();
        using var latest = benchmarks.ReadLatestVersion();
        var latestBefore = benchmarks.ReadLatestVersionBefore();

        Assert.Equal(PageReadingBenchmarks.Changes, now.Count);
        Assert.Equal(PageReadingBenchmarks.Changes, latest.Count);
        for (var i = 0; i < now.Count; i++)
        {
            Assert.Equal(JsonMarshal.GetRawUtf8Value(latestBefore[i]).ToArray(), JsonMarshal.GetRawUtf8Value(latest[i]).ToArray());
            // Now: the document as the change feed wrote it, byte for byte as latest-version mode reads it (its _lsn
            // is the change's). Before: the same values, but numbers written again by Newtonsoft (59.90 became 59.9).
            Assert.Equal(JsonMarshal.GetRawUtf8Value(latest[i]).ToArray(), JsonMarshal.GetRawUtf8Value(now[i]).ToArray());
            Assert.True(System.Text.Json.JsonElement.DeepEquals(before[i], now[i]), $"change {i} differs from what the mapping before gave");
        }
    }
}

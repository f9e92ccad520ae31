using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using ChangeFeed.Cosmos;
using ChangeFeed.Host.Processing;
using ChangeFeed.Reading;
using ChangeFeed.Telemetry;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Newtonsoft.Json.Linq;

namespace ChangeFeed.Benchmarks;

/// <summary>
/// One change feed page of <see cref="Changes"/> ~1 KB order documents, from the bytes the SDK hands over to the
/// documents the relay takes; times and allocations per change. Baseline: latest-version mode (<c>{"Documents":[...]}</c>
/// through <see cref="ChangeReader.ReadPage"/>). Against it, all-versions-and-deletes mode as the host reads it now (the
/// page's bytes through <see cref="CosmosDocumentSerializer"/> and <see cref="AllVersionsChange.ReadPage"/>) and as it
/// read it before issue 27 (<see cref="NewtonsoftAllVersions"/> over the SDK's typed Newtonsoft changes); and
/// latest-version mode as it read pages before issue 27 (a clone per document).
/// </summary>
[MemoryDiagnoser]
public class PageReadingBenchmarks : IDisposable
{
    public const int Changes = 100;

    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().AddSingleton<ChangeFeedTelemetry>().BuildServiceProvider();
    private readonly CosmosDocumentSerializer serializer = new();
    private ChangeReader? reader;
    private byte[] latestPage = [];
    private byte[] allVersionsPage = [];

    private ChangeReader Reader => reader ?? throw new InvalidOperationException("call Setup first");

    [GlobalSetup]
    public void Setup()
    {
        reader = new ChangeReader(services.GetRequiredService<ChangeFeedTelemetry>(), NullLogger<ChangeReader>.Instance);
        var documents = Enumerable.Range(1, Changes).Select(i => Encoding.UTF8.GetString(OrderDocuments.Create(1024, i, 1000 + i))).ToList();
        latestPage = Encoding.UTF8.GetBytes($"{{\"_rid\":\"abc=\",\"Documents\":[{string.Join(',', documents)}],\"_count\":{Changes}}}");
        allVersionsPage = Encoding.UTF8.GetBytes($"[{string.Join(',', documents.Select((document, i) =>
            $"{{\"current\":{document},\"metadata\":{{\"operationType\":\"replace\",\"lsn\":{1000 + i + 1},\"crts\":1764000000,"
            + $"\"previousImageLSN\":{1000 + i},\"timeToLiveExpired\":false,\"id\":\"order-{i + 1:D8}\",\"partitionKey\":{{\"customerId\":\"c\"}}}}}}"))}]");
    }

    /// <summary>As the host reads a page: the changes are slices of one parse, disposed once relayed (here, once counted).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Changes)]
    public int LatestVersion()
    {
        using var changes = ReadLatestVersion();
        return changes.Count;
    }

    public ParsedChanges ReadLatestVersion() => Reader.ReadPage(latestPage, "orders", "0");

    /// <summary>What <see cref="ChangeReader.ReadPage"/> did before issue 27: a clone of each document (a document of its own per change).</summary>
    [Benchmark(OperationsPerInvoke = Changes)]
    public int LatestVersionBefore() => ReadLatestVersionBefore().Count;

    public IReadOnlyList<JsonElement> ReadLatestVersionBefore()
    {
        if (!System.Text.Unicode.Utf8.IsValid(latestPage))
            throw new InvalidOperationException("not UTF-8");
        using var json = JsonDocument.Parse(latestPage, DocumentLimits.DocumentOptions);
        return [.. json.RootElement.GetProperty("Documents").EnumerateArray().Select(document => document.Clone())];
    }

    [Benchmark(OperationsPerInvoke = Changes)]
    public int AllVersions()
    {
        using var changes = ReadAllVersions();
        return changes.Count;
    }

    public ParsedChanges ReadAllVersions()
    {
        var page = serializer.FromStream<ChangeFeedItem<FullFidelityPage>[]>(new MemoryStream(allVersionsPage, 0, allVersionsPage.Length, writable: false, publiclyVisible: true));
        return AllVersionsChange.ReadPage(page[0].Current, Reader, "orders", "0");
    }

    [Benchmark(OperationsPerInvoke = Changes)]
    public int AllVersionsBefore() => ReadAllVersionsBefore().Count;

    public IReadOnlyList<JsonElement> ReadAllVersionsBefore()
    {
        var changes = serializer.FromStream<ChangeFeedItem<JObject>[]>(new MemoryStream(allVersionsPage, 0, allVersionsPage.Length, writable: false, publiclyVisible: true));
        return changes.Select(NewtonsoftAllVersions.ToDocument).ToList();
    }

    public void Dispose()
    {
        services.Dispose();
        GC.SuppressFinalize(this);
    }
}

using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Azure.Cosmos;

namespace ChangeFeed.Benchmarks.Process;

/// <summary>
/// Writes new order documents (~<c>DocumentBytes</c>, <c>Keys</c> customers = partition keys) to the watched container:
/// each write a new document, so that both modes see one change per write. All at once (a backlog) or paced at a rate.
/// </summary>
public sealed class FeedWriter(Container container, ProcessBenchmarkOptions options)
{
    private static readonly string[] SystemProperties = ["_rid", "_self", "_etag", "_attachments", "_ts", "_lsn"];
    private int next;

    /// <summary>Size of the last document written, in bytes as the application wrote it.</summary>
    public int LastDocumentBytes { get; private set; }

    /// <summary>Writes <paramref name="count"/> documents, 16 at a time, as fast as the stand-in takes them; returns their ids.</summary>
    public Task<IReadOnlyList<string>> WriteBacklogAsync(int count, CancellationToken cancellationToken) =>
        WriteAsync(count, rate: null, cancellationToken);

    /// <summary>Writes <paramref name="count"/> documents at <paramref name="rate"/> per second at most (16 in flight at most).</summary>
    public Task<IReadOnlyList<string>> WriteAtRateAsync(int count, int rate, CancellationToken cancellationToken) =>
        WriteAsync(count, rate, cancellationToken);

    private async Task<IReadOnlyList<string>> WriteAsync(int count, int? rate, CancellationToken cancellationToken)
    {
        var first = next;
        next += count;
        var clock = Stopwatch.StartNew();
        var ids = new string[count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                if (rate is { } perSecond && TimeSpan.FromSeconds((double)i / perSecond) - clock.Elapsed is { Ticks: > 0 } wait)
                    await Task.Delay(wait, ct);
                var (document, id, customer) = Document(first + i + 1);
                ids[i] = id;
                using var content = new MemoryStream(document);
                using var response = await container.CreateItemStreamAsync(content, new PartitionKey(customer), cancellationToken: ct);
                response.EnsureSuccessStatusCode();
            });
        return ids;
    }

    private (byte[] Document, string Id, string Customer) Document(int number)
    {
        var order = JsonNode.Parse(OrderDocuments.Create(options.DocumentBytes, number))!.AsObject();
        foreach (var property in SystemProperties)
            order.Remove(property);
        var customer = $"customer-{number % options.Keys:D5}";
        order["customerId"] = customer;
        var bytes = JsonSerializer.SerializeToUtf8Bytes(order);
        LastDocumentBytes = bytes.Length;
        return (bytes, (string)order["id"]!, customer);
    }
}

using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Text;

namespace ChangeFeed.Benchmarks.Process;

/// <summary>
/// Which types the host allocates, from the runtime's own sampling (one <c>GCAllocationTick</c> event per ~100 KB
/// allocated, naming the type that crossed the threshold): loaded by <see cref="StartupHook"/> only when
/// <see cref="FileVariable"/> names a file. At each probe it writes there the types sampled since the previous probe,
/// so the file written after a window describes that window. A diagnosis aid (docs/benchmarks.md), off in every figure.
/// </summary>
public sealed class AllocationSampler : EventListener
{
    public const string FileVariable = "CHANGEFEED_BENCHMARK_ALLOCATIONS";

    private readonly ConcurrentDictionary<string, long> bytes = new(StringComparer.Ordinal);
    private Dictionary<string, long> previous = [];

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        ArgumentNullException.ThrowIfNull(eventSource);
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1); // GC
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || eventData.PayloadNames is not { } names)
            return;
        var type = eventData.Payload?[names.IndexOf("TypeName")] as string ?? "?";
        var amount = names.IndexOf("AllocationAmount64") is >= 0 and var i ? Convert.ToInt64(eventData.Payload![i], CultureInfo.InvariantCulture) : 100_000;
        // Byte arrays are most of the bytes, from many places: their size says which copy of a document or page they are.
        if (type == "System.Byte[]" && names.IndexOf("ObjectSize") is >= 0 and var s)
            type += SizeClass(Convert.ToInt64(eventData.Payload![s], CultureInfo.InvariantCulture));
        bytes.AddOrUpdate(type, amount, (_, total) => total + amount);
    }

    private static string SizeClass(long size)
    {
        var upper = 64L;
        while (upper < size)
            upper *= 2;
        return string.Create(CultureInfo.InvariantCulture, $" of {upper / 2 + 1}-{upper} bytes");
    }

    /// <summary>Writes the types sampled since the last call, largest first, with their share of the sampled bytes.</summary>
    public void WriteSinceLast(string file)
    {
        var now = bytes.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        var since = now.Select(pair => (Type: pair.Key, Bytes: pair.Value - previous.GetValueOrDefault(pair.Key))).Where(pair => pair.Bytes > 0).OrderByDescending(pair => pair.Bytes).ToList();
        previous = now;
        var total = Math.Max(since.Sum(pair => pair.Bytes), 1);
        var text = new StringBuilder();
        foreach (var (type, sampled) in since.Take(100))
            text.AppendLine(CultureInfo.InvariantCulture, $"{100.0 * sampled / total,6:F1} %  {sampled / 1024,10} KB  {type}");
        File.WriteAllText(file, text.ToString());
    }
}

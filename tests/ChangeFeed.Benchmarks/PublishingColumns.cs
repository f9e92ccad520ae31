using System.Collections.Concurrent;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace ChangeFeed.Benchmarks;

/// <summary>
/// Counts BenchmarkDotNet cannot measure: send calls, the target (the sum over topics of ⌈bytes / limit⌉), bytes per
/// send and fill ratio. Each case is replayed once, in the host process, against a fresh counting fake.
/// </summary>
public sealed class PublishingColumns : ManualConfig
{
    private static readonly ConcurrentDictionary<(string Method, int LimitKb), PublishingCount> Counts = new();

    public PublishingColumns()
    {
        AddColumn(
            new CountColumn("Sends", "Send calls for all 10,000 events", c => $"{c.Calls:N0}"),
            new CountColumn("Target", "Sum over topics of ceil(bytes / limit): the fewest sends possible", c => $"{c.Target:N0}"),
            new CountColumn("KB/send", "Bytes per send call, in KB", c => $"{c.Bytes / 1024.0 / c.Calls:N1}"),
            new CountColumn("Fill", "Bytes sent / (send calls x limit)", c => $"{c.Fill:P1}"));
    }

    /// <summary>Runs one benchmark method of <see cref="PublishingBenchmarks"/> once and counts what reached the fake.</summary>
    public static PublishingCount Count(string method, int limitKb) => Counts.GetOrAdd((method, limitKb), key =>
    {
        var benchmarks = new PublishingBenchmarks { LimitKb = key.LimitKb };
        benchmarks.Setup();
        var run = key.Method switch
        {
            nameof(PublishingBenchmarks.Publisher) => benchmarks.Publisher(),
            nameof(PublishingBenchmarks.PartitionedPublisher) => benchmarks.PartitionedPublisher(),
            _ => benchmarks.OneSendPerMessage(),
        };
        run.GetAwaiter().GetResult();
        var limit = key.LimitKb * 1024L;
        return new PublishingCount(
            [.. benchmarks.Client.Senders.Values.OrderBy(s => s.EntityPath, StringComparer.Ordinal)
                .Select(s => new TopicCount(s.EntityPath, s.Calls, s.Messages, s.Bytes, (int)((s.Bytes + limit - 1) / limit)))],
            limit);
    });

    private sealed class CountColumn(string name, string legend, Func<PublishingCount, string> format) : CustomColumn(name, legend)
    {
        public override string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
            benchmarkCase.Parameters[nameof(PublishingBenchmarks.LimitKb)] is int limitKb
                ? format(Count(benchmarkCase.Descriptor.WorkloadMethod.Name, limitKb))
                : "-";
    }
}

/// <summary>What one run sent, per topic and over all topics: calls, messages, bytes, and the fewest calls those bytes need.</summary>
public sealed record PublishingCount(IReadOnlyList<TopicCount> PerTopic, long Limit)
{
    public int Calls => PerTopic.Sum(t => t.Calls);

    public long Messages => PerTopic.Sum(t => t.Messages);

    public long Bytes => PerTopic.Sum(t => t.Bytes);

    /// <summary>The sum over topics of ⌈bytes / limit⌉.</summary>
    public int Target => PerTopic.Sum(t => t.Target);

    public int Topics => PerTopic.Count;

    public double Fill => (double)Bytes / (Calls * Limit);
}

/// <summary>One topic's sends: <see cref="Target"/> = ⌈bytes / limit⌉.</summary>
public sealed record TopicCount(string Topic, int Calls, long Messages, long Bytes, int Target);

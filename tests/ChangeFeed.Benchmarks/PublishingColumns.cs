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
        var run = key.Method == nameof(PublishingBenchmarks.Publisher) ? benchmarks.Publisher() : benchmarks.OneSendPerMessage();
        run.GetAwaiter().GetResult();
        var limit = key.LimitKb * 1024L;
        var senders = benchmarks.Client.Senders.Values;
        return new PublishingCount(
            senders.Sum(s => s.Calls),
            senders.Sum(s => s.Messages),
            senders.Sum(s => s.Bytes),
            senders.Sum(s => (int)((s.Bytes + limit - 1) / limit)),
            senders.Count,
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

/// <summary>What one run sent: calls, messages and bytes over all topics, and the fewest calls those bytes need.</summary>
public sealed record PublishingCount(int Calls, long Messages, long Bytes, int Target, int Topics, long Limit)
{
    public double Fill => (double)Bytes / (Calls * Limit);
}

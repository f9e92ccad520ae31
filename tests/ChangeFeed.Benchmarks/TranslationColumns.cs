using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace ChangeFeed.Benchmarks;

/// <summary>Adds <c>vs naive</c>: how many times faster than the naive mapping of the same document size each row is.</summary>
public sealed class TranslationColumns : ManualConfig
{
    public TranslationColumns() => AddColumn(new FasterThanNaiveColumn());

    private sealed class FasterThanNaiveColumn()
        : CustomColumn("vs naive", "Mean of the naive Newtonsoft mapping (same size) divided by this row's mean: times faster")
    {
        public override string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var naive = summary.BenchmarksCases.FirstOrDefault(c =>
                c.Descriptor.WorkloadMethod.Name == nameof(TranslationBenchmarks.Naive)
                && c.Descriptor.Type == benchmarkCase.Descriptor.Type
                && c.Parameters.ValueInfo == benchmarkCase.Parameters.ValueInfo);
            var naiveMean = naive is null ? null : summary[naive]?.ResultStatistics?.Mean;
            var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
            return naiveMean is { } n && mean is { } m && m > 0 ? $"{n / m:0.0}x" : "?";
        }
    }
}

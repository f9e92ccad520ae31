using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace ChangeFeed.Benchmarks;

/// <summary>Adds <c>vs naive</c>: how many times faster than the naive mapping of the same document size each row is.</summary>
public sealed class TranslationColumns : ManualConfig
{
    public TranslationColumns() => AddColumn(new FasterThanNaiveColumn());

    private sealed class FasterThanNaiveColumn : IColumn
    {
        public string Id => nameof(FasterThanNaiveColumn);
        public string ColumnName => "vs naive";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "Mean of the naive Newtonsoft mapping (same size) divided by this row's mean: times faster";

        public bool IsAvailable(Summary summary) => true;
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
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

using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace ChangeFeed.Benchmarks;

/// <summary>
/// Adds <c>Changes/s</c> (changes per second of the row) and <c>vs raw</c> (the row's rate as a share of the raw change
/// feed read rate measured in the same run: the figure the ≥ 80 % target is about).
/// </summary>
public sealed class EndToEndColumns : ManualConfig
{
    public EndToEndColumns() => AddColumn(
        new RateColumn("Changes/s", "Changes per second: changes per invocation / time per invocation", (rate, _) => $"{rate:N0}"),
        new RateColumn("vs raw", "This row's changes/s as a share of the raw read's (RawRead) in the same run", (rate, raw) => raw is > 0 ? $"{rate / raw:P0}" : "?"));

    /// <summary>Changes per second of a case: its mean is per operation, i.e. per <c>OperationsPerInvoke</c> of the changes written.</summary>
    public static double? Rate(Summary summary, BenchmarkCase benchmarkCase)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        if (summary[benchmarkCase]?.ResultStatistics?.Mean is not { } nanosecondsPerOperation || nanosecondsPerOperation <= 0)
            return null;
        var invocation = nanosecondsPerOperation * benchmarkCase.Descriptor.OperationsPerInvoke;
        return EndToEndBenchmarks.Changes / (invocation / 1e9);
    }

    private sealed class RateColumn(string name, string legend, Func<double, double?, string> format) : CustomColumn(name, legend)
    {
        public override string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var raw = summary.BenchmarksCases.FirstOrDefault(c =>
                c.Descriptor.WorkloadMethod.Name == nameof(EndToEndBenchmarks.RawRead) && c.Descriptor.Type == benchmarkCase.Descriptor.Type);
            return Rate(summary, benchmarkCase) is { } rate ? format(rate, raw is null ? null : Rate(summary, raw)) : "?";
        }
    }
}

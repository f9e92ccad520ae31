using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace ChangeFeed.Benchmarks.Tests;

/// <summary>
/// Keeps the benchmarks from rotting: every benchmark runs once, in process, with BenchmarkDotNet's dry job, and must
/// produce a result. Timings are not asserted: they are reported, as ratios, by the real run (docs/benchmarks.md).
/// </summary>
public class every_benchmark_runs_in_quick_mode
{
    [Theory]
    [InlineData(typeof(TranslationBenchmarks), 12)]
    [InlineData(typeof(PublishingBenchmarks), 6)]
    [InlineData(typeof(DataSchemaBenchmarks), 6)]
    [InlineData(typeof(PageReadingBenchmarks), 4)]
    [InlineData(typeof(AmqpEncodingBenchmarks), 5)]
    public void and_produces_a_result(Type benchmarks, int cases) => Run(benchmarks, cases);

    /// <summary>
    /// The end-to-end class starts both stand-ins and writes its documents once per case (200 here, 2,000 in the real
    /// run); each case throws unless every change was read, relayed and accepted by the Service Bus stand-in.
    /// </summary>
    [Fact]
    public void end_to_end_on_the_stand_ins_delivers_every_change()
    {
        EndToEndBenchmarks.Changes = 200;
        lock (EndToEndBenchmarks.LastDelivered)
            EndToEndBenchmarks.LastDelivered.Clear();

        Run(typeof(EndToEndBenchmarks), 3);

        lock (EndToEndBenchmarks.LastDelivered)
        {
            Assert.Equal(200, EndToEndBenchmarks.LastDelivered[nameof(EndToEndBenchmarks.RawRead)]);
            Assert.Equal(200, EndToEndBenchmarks.LastDelivered[nameof(EndToEndBenchmarks.RelayOverPages)]);
            Assert.Equal(200, EndToEndBenchmarks.LastDelivered[nameof(EndToEndBenchmarks.ProcessorHost)]);
        }
    }

    private static void Run(Type benchmarks, int cases)
    {
        var log = new AccumulationLogger();
        var config = ManualConfig.CreateEmpty()
            .AddJob(Job.Dry.WithToolchain(InProcessEmitToolchain.Instance))
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(log)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "changefeed-benchmarks-" + Guid.NewGuid().ToString("N")))
            // Test builds are not optimised; the numbers of this run mean nothing and are not looked at.
            .WithOptions(ConfigOptions.DisableOptimizationsValidator | ConfigOptions.DisableLogFile);

        var summary = BenchmarkRunner.Run(benchmarks, config);

        Assert.False(summary.HasCriticalValidationErrors, log.GetLog());
        Assert.Equal(cases, summary.Reports.Length);
        Assert.All(summary.Reports, report => Assert.True(report.Success && report.ResultStatistics is not null, $"{report.BenchmarkCase.DisplayInfo} failed:\n{log.GetLog()}"));
        Assert.All(summary.Reports, report => Assert.True(report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) > 0, $"{report.BenchmarkCase.DisplayInfo}: no allocations measured"));
        Assert.DoesNotContain(summary.Table.FullContent.SelectMany(row => row), cell => cell == "?");
    }
}

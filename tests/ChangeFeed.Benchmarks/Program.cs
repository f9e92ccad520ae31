using BenchmarkDotNet.Running;
using ChangeFeed.Benchmarks;
using ChangeFeed.Benchmarks.Process;

// dotnet run -c Release --project tests/ChangeFeed.Benchmarks -- --filter '*'   (see docs/benchmarks.md)
// dotnet run -c Release --project tests/ChangeFeed.Benchmarks -- process       (CPU per change of the host process)
if (args is ["process", .. var options])
    return await ProcessBenchmark.MainAsync(options);

BenchmarkSwitcher.FromAssembly(typeof(PublishingBenchmarks).Assembly).Run(args);
return 0;

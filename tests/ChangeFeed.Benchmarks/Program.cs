using BenchmarkDotNet.Running;
using ChangeFeed.Benchmarks;

// dotnet run -c Release --project tests/ChangeFeed.Benchmarks -- --filter '*'   (see docs/benchmarks.md)
BenchmarkSwitcher.FromAssembly(typeof(PublishingBenchmarks).Assembly).Run(args);

using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;

namespace ChangeFeed.Benchmarks;

/// <summary>
/// Measures tier-1 code from the first warm-up iterations on. The end-to-end benchmarks build a host per iteration, and
/// every host JIT-compiles new methods; the runtime postpones promoting hot methods to optimised code for as long as new
/// methods keep appearing (100 ms call-counting delay, restarted by each), so without this the relay ran unoptimised
/// code for 20+ iterations while the raw read, which builds nothing, did not. A long-running host is in tier 1.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Assembly)]
public sealed class SteadyStateJitAttribute() : JobMutatorConfigBaseAttribute(
    Job.Default.WithEnvironmentVariables(new EnvironmentVariable("DOTNET_TC_CallCountingDelayMs", "0")));

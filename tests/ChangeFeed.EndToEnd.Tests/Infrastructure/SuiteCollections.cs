// Five collections: the three below, and the demo and the bad-configuration scenarios (classes without a fixture). On
// 2 cores xUnit would run two at a time; they wait far more than they compute, so all five start together.
[assembly: CollectionBehavior(MaxParallelThreads = 5)]

namespace ChangeFeed.EndToEnd.Tests.Infrastructure;

// The scenarios spend most of their time waiting (polling, lease timers, paced writes, child processes), so they run in
// three collections side by side, each with its own Targets (stand-ins on ports of their own, so an outage or a stopped
// Azurite in one is not seen by another; on a real namespace they take turns, see Targets). Within a collection the
// scenarios run one after another. The two scale-out scenarios that load the CPU most (three host processes each, up to
// 20,000 changes) share a collection so that they never run beside each other; the lighter two (two hosts, 5,000
// changes) balance the other collections.

/// <summary>Delivery scenarios, the relay's guarantees one fault at a time, and a range split mid-stream.</summary>
[CollectionDefinition(Name)]
public sealed class EndToEndSuite : ICollectionFixture<Targets>
{
    public const string Name = "end to end";
}

/// <summary>Flows through more than the relay (orders, backfills, the samples' consumers) and an instance killed mid-stream.</summary>
[CollectionDefinition(Name)]
public sealed class FlowSuite : ICollectionFixture<Targets>
{
    public const string Name = "end to end: flows";
}

/// <summary>Three instances sharing eight feed ranges, and a backlog drained by one and by three: one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class ScaleOutSuite : ICollectionFixture<Targets>
{
    public const string Name = "end to end: scale-out";
}

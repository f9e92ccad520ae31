using ChangeFeed.Envelope;
using CloudNative.CloudEvents;
using FsCheck;
using FsCheck.Fluent;

namespace ChangeFeed.Core.Tests;

/// <summary>The encoder writes a change's time (<see cref="EventTime"/>) without the SDK's formatter: the same text for every time.</summary>
public class the_time_is_written_as_the_sdk_writes_it
{
    private static readonly long First = DateTimeOffset.MinValue.ToUnixTimeSeconds();
    private static readonly long Last = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    private static Gen<DateTimeOffset> Times { get; } = Gen.OneOf(
        // Whole seconds in UTC, as a change's _ts gives: anywhere in the range, and near today.
        FsCheck.FSharp.Gen.Choose64(First, Last).Select(DateTimeOffset.FromUnixTimeSeconds),
        FsCheck.FSharp.Gen.Choose64(1_600_000_000, 2_000_000_000).Select(DateTimeOffset.FromUnixTimeSeconds),
        // Others (fractions, offsets): left to the SDK.
        from seconds in FsCheck.FSharp.Gen.Choose64(1_600_000_000, 2_000_000_000)
        from ticks in Gen.Choose(1, 9_999_999)
        from hours in Gen.Choose(-14, 14)
        select DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(ticks).ToOffset(TimeSpan.FromHours(hours)));

    [Fact]
    public void every_time_is_the_sdk_s_text() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(5_000), Prop.ForAll(Arb.From(Times), time =>
            Assert.Equal(CloudEventAttributeType.Timestamp.Format(time), EventTime.Format(time))));

    [Fact]
    public void the_first_and_last_second_are_the_sdk_s_text()
    {
        foreach (var seconds in new[] { First, 0, Last })
        {
            var time = DateTimeOffset.FromUnixTimeSeconds(seconds);
            Assert.Equal(CloudEventAttributeType.Timestamp.Format(time), EventTime.Format(time));
        }
    }
}

using ChangeFeed.Cosmos.Backfill;

namespace ChangeFeed.Cosmos.Tests;

/// <summary>
/// What a backfill keeps as its continuation (decision 0023): per feed range, the bound fixed at its start and where it
/// stands; a range is at its bound when every range the SDK's continuation covers (a split range: its children) is.
/// </summary>
public sealed class a_backfill_position_keeps_each_range_s_bound
{
    private const string Parent = """{"Range":{"min":"","max":"FF"}}""";

    [Fact]
    public void it_reads_back_as_written_and_a_continuation_of_an_earlier_version_is_not_one()
    {
        var position = new BackfillPosition { Ranges = [new BoundedRange(Parent, 41, "token", Done: false), new BoundedRange(Parent, 7, null, Done: true)] };

        var read = BackfillPosition.Read(position.Write())!;

        Assert.Equal(position.Ranges, read.Ranges);
        Assert.False(read.Done);
        Assert.Null(BackfillPosition.Read("""{"V":2,"Rid":"x","Continuation":[]}"""));
        Assert.Null(BackfillPosition.Read(null));
    }

    [Theory]
    [InlineData("\"12\"", 12L)]
    [InlineData("W/\"12\"", 12L)]
    [InlineData("12", 12L)]
    [InlineData("\"abc\"", null)]
    [InlineData(null, null)]
    public void an_etag_is_a_range_s_lsn(string? etag, long? lsn) => Assert.Equal(lsn, BackfillPosition.Lsn(etag));

    [Theory]
    [InlineData("""[{"FeedRange":{"type":"Effective Partition Key Range","value":{"min":"","max":"FF"}},"State":{"type":"continuation","value":"\"50\""}}]""", true)]
    [InlineData("""[{"FeedRange":{},"State":{"type":"continuation","value":"\"49\""}}]""", false)]
    [InlineData("""[{"FeedRange":{},"State":{"type":"continuation","value":"\"60\""}},{"FeedRange":{},"State":{"type":"continuation","value":"\"49\""}}]""", false)]
    [InlineData("""[{"FeedRange":{},"State":{"type":"continuation","value":"\"60\""}},{"FeedRange":{},"State":{"type":"continuation","value":"\"50\""}}]""", true)]
    [InlineData("""[{"FeedRange":{},"State":{"type":"continuation","value":"\"60\""}},{"FeedRange":{},"State":{"type":"beginning"}}]""", false)]
    [InlineData("""[{"FeedRange":{},"State":{"type":"continuation","value":"not a position"}}]""", null)]
    [InlineData("""[]""", null)]
    public void a_range_is_at_its_bound_when_every_range_its_continuation_covers_is(string ranges, bool? atBound) =>
        Assert.Equal(atBound, BackfillPosition.AllAtOrPast($$"""{"V":2,"Rid":"abc","Continuation":{{ranges}}}""", bound: 50));

    [Fact]
    public void a_continuation_in_another_shape_says_nothing()
    {
        Assert.Null(BackfillPosition.AllAtOrPast("\"12\"", 50));
        Assert.Null(BackfillPosition.Highest("not json"));
    }

    [Fact]
    public void the_highest_position_of_a_continuation_is_that_of_its_furthest_range() =>
        Assert.Equal(60, BackfillPosition.Highest("""{"V":2,"Continuation":[{"State":{"type":"continuation","value":"\"60\""}},{"State":{"type":"now"}},{"State":{"type":"continuation","value":"\"7\""}}]}"""));
}

using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ChangeFeed.BlobStorage.Tests;

public sealed class blob_names_come_from_the_topic_and_event_id
{
    [Theory]
    [InlineData("0f8fad5b-d9cb-869f-a165-70867728950e")]
    [InlineData("0193a5c2-0000-7000-8000-000000000001")]
    [InlineData("order_1.v2")]
    public void a_plain_id_is_the_name_as_it_is(string id) =>
        Assert.Equal($"orders-cdc/{id}", BlobClaimCheckStore.BlobName("orders-cdc", id));

    [Theory]
    [InlineData("order 1")]
    [InlineData("ends.with.a.dot.")]
    [InlineData("klant-é")]
    [InlineData("a%2Fb")]
    public void any_other_id_is_its_sha256(string id) =>
        Assert.Matches("^orders-cdc/sha256-[0-9a-f]{64}$", BlobClaimCheckStore.BlobName("orders-cdc", id));

    [Property(MaxTest = 500)]
    public Property the_name_is_the_same_every_time_and_differs_between_ids(NonEmptyString first, NonEmptyString second)
    {
        var a = BlobClaimCheckStore.BlobName("t", first.Get);
        var b = BlobClaimCheckStore.BlobName("t", second.Get);
        return (a == BlobClaimCheckStore.BlobName("t", first.Get) && (first.Get == second.Get) == (a == b) && a.Length <= 2 + 255)
            .Label($"{first.Get} -> {a}; {second.Get} -> {b}");
    }
}

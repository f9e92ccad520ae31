using ChangeFeed.Configuration;
using ChangeFeed.Reading;
using ChangeFeed.Routing;

namespace ChangeFeed.Core.Tests;

public class unreadable_changes_are_parked_in_every_mode
{
    [Theory]
    [InlineData("cdc")]
    [InlineData("outbox")]
    [InlineData("eventstore")]
    public void the_router_parks_an_unreadable_change_with_its_reason_id_and_lsn(string mode)
    {
        var unreadable = UnreadableChange.Create("""{"id":"order-7","x":NaN,"_lsn":42}"""u8, "the change feed delivered this change as JSON that cannot be read: 'N'");
        var route = Changes.Route(options => options.Mode = mode);

        var outcome = new Router().Route(route, unreadable);

        Assert.Empty(outcome.Events);
        Assert.Equal("the change feed delivered this change as JSON that cannot be read: 'N'", outcome.ParkReason);
        Assert.Equal(("order-7", 42L), (outcome.DocumentId, outcome.Lsn));
    }

    [Fact]
    public void what_identifies_an_unreadable_change_is_optional()
    {
        var unreadable = UnreadableChange.Create("][ not json"u8, "why");

        Assert.True(UnreadableChange.TryRead(unreadable, out var reason, out var id, out var lsn));
        Assert.Equal(("why", null, null), (reason, id, (long?)lsn));
        Assert.Equal("][ not json", unreadable.GetProperty(UnreadableChange.Property).GetProperty("text").GetString());
    }

    [Fact]
    public void an_ordinary_document_is_not_taken_for_an_unreadable_change() =>
        Assert.False(UnreadableChange.TryRead(Changes.Document(), out _, out _, out _));

    [Fact]
    public void json_of_the_deepest_document_in_the_deepest_wrapper_is_accepted_and_one_level_more_is_not()
    {
        var deepest = "[[[" + a_batch_that_cannot_be_read_whole_is_read_document_by_document.Nested(DocumentLimits.MaxDocumentDepth) + "]]]";

        DocumentLimits.EnsureJsonValue(System.Text.Encoding.UTF8.GetBytes(deepest));
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => DocumentLimits.EnsureJsonValue(System.Text.Encoding.UTF8.GetBytes("[" + deepest + "]")));
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => DocumentLimits.EnsureJsonValue("{} {}"u8));
    }

    [Fact]
    public void a_document_whose_id_cannot_be_a_cloudevents_subject_is_parked_not_thrown()
    {
        // Found by the encoding property: a control character in the id failed structured encoding (the batch, again
        // and again) and binary decoding at every subscriber.
        var change = Changes.Document(id: "order\u0001-1");

        var outcome = new Router().Route(Changes.Route(), change);

        Assert.Empty(outcome.Events);
        Assert.Equal("order\u0001-1", outcome.DocumentId);
        Assert.Contains("'subject' would be \"order\\u0001-1\", which CloudEvents does not allow", outcome.ParkReason, StringComparison.Ordinal);
    }
}

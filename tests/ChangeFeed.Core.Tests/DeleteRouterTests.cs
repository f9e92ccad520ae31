using System.Text;
using ChangeFeed.Routing;

namespace ChangeFeed.Core.Tests;

/// <summary>Hard deletes and TTL expiry, as a host reading all versions and deletes hands them over.</summary>
public class DeleteRouterTests
{
    private readonly Router router = new();

    [Fact]
    public void A_hard_delete_becomes_a_deleted_event_without_the_marker_in_data()
    {
        var delete = Changes.Document(lsn: 12, edit: d => d[ChangeOperation.Property] = ChangeOperation.Delete);

        var e = Assert.Single(router.Route(Changes.Route(o => o.SoftDeleteProperty = null), delete).Events);

        Assert.Equal("com.contoso.orders.order.deleted", e.Type);
        Assert.DoesNotContain(ChangeOperation.Property, Encoding.UTF8.GetString(e.Data.Span), StringComparison.Ordinal);
        Assert.NotEqual(Assert.Single(router.Route(Changes.Route(), Changes.Document(lsn: 11)).Events).Id, e.Id);
    }

    [Fact]
    public void Ttl_expiry_is_a_deleted_event_unless_a_soft_delete_already_announced_it()
    {
        var expired = Changes.Document(edit: d => d[ChangeOperation.Property] = ChangeOperation.Expire);

        Assert.Equal("com.contoso.orders.order.deleted", Assert.Single(router.Route(Changes.Route(o => o.SoftDeleteProperty = null), expired).Events).Type);
        var withSoftDelete = router.Route(Changes.Route(), expired);
        Assert.Empty(withSoftDelete.Events);
        Assert.Null(withSoftDelete.ParkReason);
    }

    [Theory]
    [InlineData("outbox")]
    [InlineData("eventstore")]
    public void Deletes_of_outbox_records_and_stored_events_publish_nothing(string mode)
    {
        var route = Changes.Route(o => (o.Mode, o.EventType, o.TypeProperty, o.SoftDeleteProperty) = (mode, null, mode == "eventstore" ? "type" : null, null));
        var delete = Changes.Document(edit: d =>
        {
            d["kind"] = "outbox";
            d["type"] = "OrderPlaced";
            d[ChangeOperation.Property] = ChangeOperation.Delete;
        });

        var outcome = router.Route(route, delete);

        Assert.Empty(outcome.Events);
        Assert.Null(outcome.ParkReason);
    }
}

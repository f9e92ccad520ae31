using ChangeFeed.Envelope;
using ChangeFeed.Routing;
using FsCheck;
using FsCheck.Xunit;

namespace ChangeFeed.Core.Tests;

public class EventIdProperties
{
    [Property(MaxTest = 500)]
    public bool The_same_change_always_gets_the_same_id(NonNull<string> partitionKey, NonNull<string> id, long lsn) =>
        EventId.ForChange("acct", "db", "orders", partitionKey.Get, id.Get, lsn)
        == EventId.ForChange("acct", "db", "orders", partitionKey.Get, id.Get, lsn);

    [Property(MaxTest = 500)]
    public bool A_later_change_of_the_same_document_gets_another_id(NonNull<string> partitionKey, NonNull<string> id, long lsn, PositiveInt later) =>
        EventId.ForChange("acct", "db", "orders", partitionKey.Get, id.Get, lsn)
        != EventId.ForChange("acct", "db", "orders", partitionKey.Get, id.Get, unchecked(lsn + later.Get));

    [Property(MaxTest = 500)]
    public bool Parts_do_not_collide_by_concatenation(NonNull<string> a, NonNull<string> b, NonEmptyString moved)
    {
        // "ab" + "c" must differ from "a" + "bc": parts are length-prefixed.
        var left = EventId.FromParts(a.Get + moved.Get, b.Get);
        var right = EventId.FromParts(a.Get, moved.Get + b.Get);
        return left != right;
    }

    [Property(MaxTest = 200)]
    public bool Ids_are_rfc_9562_version_8_uuids(NonNull<string> id, long lsn)
    {
        var value = EventId.ForChange("acct", "db", "orders", "pk", id.Get, lsn);
        return Guid.TryParseExact(value, "D", out _) && value[14] == '8' && "89ab".Contains(value[19], StringComparison.Ordinal);
    }

    [Property(MaxTest = 200)]
    public bool Every_distinct_change_in_a_feed_gets_a_distinct_id(PositiveInt documents, PositiveInt keys)
    {
        var router = new Router();
        var route = Changes.Route();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var count = Math.Min(documents.Get, 300);
        for (var i = 0; i < count; i++)
        {
            var change = Changes.Document(id: $"doc-{i % 17}", customerId: $"c-{i % Math.Min(keys.Get, 20)}", lsn: i);
            ids.Add(Assert.Single(router.Route(route, change).Events).Id);
        }

        return ids.Count == count;
    }

    [Fact]
    public void Re_delivering_a_change_to_the_router_yields_the_same_event_id()
    {
        var router = new Router();
        var first = Assert.Single(router.Route(Changes.Route(), Changes.Document(lsn: 77)).Events);
        var again = Assert.Single(router.Route(Changes.Route(), Changes.Document(lsn: 77)).Events);
        var later = Assert.Single(router.Route(Changes.Route(), Changes.Document(lsn: 78)).Events);

        Assert.Equal(first.Id, again.Id);
        Assert.NotEqual(first.Id, later.Id);
    }

    [Fact]
    public void The_account_database_and_container_are_part_of_the_id()
    {
        var ids = new[]
        {
            EventId.ForChange("a1", "db", "c", "pk", "id", 1),
            EventId.ForChange("a2", "db", "c", "pk", "id", 1),
            EventId.ForChange("a1", "db2", "c", "pk", "id", 1),
            EventId.ForChange("a1", "db", "c2", "pk", "id", 1),
            EventId.ForChange("a1", "db", "c", "pk2", "id", 1),
        };

        Assert.Equal(ids.Length, ids.Distinct().Count());
    }

    [Property(MaxTest = 500)]
    public bool A_route_s_encoded_prefix_gives_the_id_the_parts_give(NonNull<string> account, NonNull<string> partitionKey, NonNull<string> id, long lsn)
    {
        // The router hashes the fixed parts encoded once per route and the position formatted to UTF-8 directly;
        // the id must be the one the parts give (unpaired surrogates included, lsn negative or long.MinValue).
        var prefix = EventId.ChangePrefix(account.Get, "db", "orders");
        var expected = EventId.FromParts("change", account.Get, "db", "orders", partitionKey.Get, id.Get, lsn.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return EventId.ForChange(prefix, partitionKey.Get, id.Get, lsn) == expected
            && EventId.ForChange(prefix, partitionKey.Get, id.Get, long.MinValue) == EventId.FromParts("change", account.Get, "db", "orders", partitionKey.Get, id.Get, "-9223372036854775808");
    }

    [Property(MaxTest = 300)]
    public bool Ids_are_the_sha_256_name_based_uuids_of_the_length_prefixed_parts(NonNull<string>[] parts)
    {
        // An independent statement of the id: one-shot SHA-256 over each part's big-endian byte length and UTF-8 bytes.
        var name = parts.SelectMany(part =>
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(part.Get);
            var length = new byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            return length.Concat(bytes);
        }).ToArray();
        var hash = System.Security.Cryptography.SHA256.HashData(name);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        var expected = new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString("D");
        return EventId.FromParts([.. parts.Select(part => part.Get)]) == expected;
    }
}

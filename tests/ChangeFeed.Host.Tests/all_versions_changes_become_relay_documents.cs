using System.Text.Json;
using ChangeFeed.Host.Processing;
using ChangeFeed.Routing;
using Newtonsoft.Json.Linq;

namespace ChangeFeed.Host.Tests;

public sealed class all_versions_changes_become_relay_documents
{
    private static readonly DateTime Crts = new(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc);

    /// <summary>A change as the service writes it (wire format 2021-09-15).</summary>
    private static JsonElement Change(string operation, JObject? current, JObject? previous, bool expired = false, JObject? partitionKey = null)
    {
        var wire = new JObject
        {
            ["metadata"] = new JObject
            {
                ["operationType"] = operation,
                ["lsn"] = 42,
                ["crts"] = new DateTimeOffset(Crts).ToUnixTimeSeconds(),
                ["previousImageLSN"] = 41,
                ["timeToLiveExpired"] = expired,
                ["id"] = "order-1",
                ["partitionKey"] = partitionKey ?? new JObject { ["customerId"] = "c1" },
            },
        };
        if (current is not null)
            wire["current"] = current;
        if (previous is not null)
            wire["previous"] = previous;
        using var json = JsonDocument.Parse(wire.ToString(Newtonsoft.Json.Formatting.None));
        return json.RootElement.Clone();
    }

    private static JObject Order(int version) => new() { ["id"] = "order-1", ["customerId"] = "c1", ["version"] = version, ["_lsn"] = 7, ["_ts"] = 1_700_000_000 };

    [Fact]
    public void a_create_is_its_current_version_with_the_change_lsn()
    {
        var document = AllVersionsChange.ToDocument(Change("create", Order(1), null));

        Assert.Equal(1, document.GetProperty("version").GetInt32());
        Assert.Equal(42, document.GetProperty("_lsn").GetInt64());
        Assert.Equal(1_700_000_000, document.GetProperty("_ts").GetInt64());
        Assert.False(document.TryGetProperty(ChangeOperation.Property, out _));
    }

    [Fact]
    public void a_delete_with_its_previous_image_is_that_image_marked_deleted_at_the_delete_lsn_and_time()
    {
        var document = AllVersionsChange.ToDocument(Change("delete", null, Order(2)));

        Assert.Equal(2, document.GetProperty("version").GetInt32());
        Assert.Equal(ChangeOperation.Delete, document.GetProperty(ChangeOperation.Property).GetString());
        Assert.Equal(42, document.GetProperty("_lsn").GetInt64());
        Assert.Equal(new DateTimeOffset(Crts).ToUnixTimeSeconds(), document.GetProperty("_ts").GetInt64());
    }

    [Fact]
    public void a_delete_without_previous_image_is_built_from_the_metadata_id_and_partition_key()
    {
        var document = AllVersionsChange.ToDocument(Change("delete", null, null));

        Assert.Equal("order-1", document.GetProperty("id").GetString());
        Assert.Equal("c1", document.GetProperty("customerId").GetString());
        Assert.Equal(ChangeOperation.Delete, document.GetProperty(ChangeOperation.Property).GetString());
        Assert.Equal(42, document.GetProperty("_lsn").GetInt64());
    }

    [Fact]
    public void a_ttl_expiry_is_marked_expire()
    {
        var document = AllVersionsChange.ToDocument(Change("delete", null, null, expired: true));

        Assert.Equal(ChangeOperation.Expire, document.GetProperty(ChangeOperation.Property).GetString());
    }

    [Fact]
    public void hierarchical_key_values_land_on_their_properties()
    {
        var document = AllVersionsChange.ToDocument(Change("delete", null, null, partitionKey: new JObject { ["tenantId"] = "t1", ["userId"] = 5 }));

        Assert.Equal("t1", document.GetProperty("tenantId").GetString());
        Assert.Equal(5, document.GetProperty("userId").GetInt32());
    }
}

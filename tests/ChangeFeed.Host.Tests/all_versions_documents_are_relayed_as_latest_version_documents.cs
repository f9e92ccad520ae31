using System.Globalization;
using System.Text;
using System.Text.Json;
using ChangeFeed.Configuration;
using ChangeFeed.Host.Processing;
using ChangeFeed.Reading;
using ChangeFeed.Routing;
using ChangeFeed.ServiceBus.Tests;
using ChangeFeed.Telemetry;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChangeFeed.Host.Tests;

/// <summary>
/// All-versions-and-deletes mode reads its pages with System.Text.Json and writes each document once, as
/// latest-version mode reads its own: over arbitrary JSON texts (<see cref="ArbitraryJsonTexts"/>: every escape form,
/// system property names written with escapes, names .NET cannot unescape, numbers beyond double range, 128 levels),
/// a create of a text gives the event the same text gives in latest-version mode, byte for byte, and a delete with
/// the text as its previous image gives the same data as a deleted event; what latest-version mode parks is parked.
/// </summary>
public sealed class all_versions_documents_are_relayed_as_latest_version_documents : IDisposable
{
    /// <summary>Generated documents per run: 300 in CI (under a second); set <c>CHANGEFEED_PROPERTY_CASES</c> for more.</summary>
    private static readonly int Cases = Math.Max(300,
        int.TryParse(Environment.GetEnvironmentVariable("CHANGEFEED_PROPERTY_CASES"), NumberStyles.None, CultureInfo.InvariantCulture, out var cases) ? cases : 0);

    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().AddSingleton<ChangeFeedTelemetry>().BuildServiceProvider();
    private readonly Router router = new();
    private readonly Route route = Route.From("orders", new RouteOptions
    {
        Database = "shop",
        Container = "orders",
        Topic = "orders-cdc",
        PartitionKeyPath = "/customerId",
        EventType = "com.contoso.orders.order",
        ExcludeProperties = "secret",
    }, "contoso");

    private ChangeReader Reader => new(services.GetRequiredService<ChangeFeedTelemetry>(), NullLogger<ChangeReader>.Instance);

    [Fact]
    public void whatever_json_text_the_change_feed_returns()
    {
        var published = 0;
        var reader = Reader;
        bool SameAsLatestVersion(ArbitraryJsonTexts.Case change)
        {
            var latest = Assert.Single(reader.ReadBatch(Encoding.UTF8.GetBytes($"[{change.Json}]"), "orders", "latest"));
            var all = AllVersionsChange.ToDocuments(reader.ReadBatch(Encoding.UTF8.GetBytes(
                $"[{Wire("create", "current", change.Json, 7)},{Wire("delete", "previous", change.Json, 8)}]"), "orders", "all"));

            var expected = Outcome(latest);
            var create = Outcome(all[0]);
            var delete = Outcome(all[1]);
            Assert.Equal(expected.Events.Count, create.Events.Count);
            Assert.Equal(expected.Events.Count, delete.Events.Count);
            Assert.Equal(expected.ParkReason is null, create.ParkReason is null);
            Assert.Equal(expected.ParkReason is null, delete.ParkReason is null);
            if (expected.Events.Count == 1)
            {
                var (want, created, deleted) = (expected.Events[0], create.Events[0], delete.Events[0]);
                Assert.Equal(want.Data.ToArray(), created.Data.ToArray());
                Assert.Equal(want.Data.ToArray(), deleted.Data.ToArray());
                Assert.Equal(change.Data, Encoding.UTF8.GetString(created.Data.Span));
                Assert.Equal((want.Type, want.Subject, want.PartitionKey), (created.Type, created.Subject, created.PartitionKey));
                Assert.Equal(want.Type.Replace(".upserted", ".deleted", StringComparison.Ordinal), deleted.Type);
                Assert.Equal(7, all[0].GetProperty("_lsn").GetInt64());
                Assert.Equal(8, all[1].GetProperty("_lsn").GetInt64());
                published++;
            }

            return true;
        }

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Cases), Prop.ForAll(Arb.From(ArbitraryJsonTexts.Document), SameAsLatestVersion));

        Assert.True(published > Cases / 2, $"{published} of {Cases} published");
    }

    [Fact]
    public void a_change_whose_metadata_is_not_the_services_is_parked_in_its_place()
    {
        var reader = Reader;
        var changes = new[]
        {
            Wire("create", "current", """{"id":"a","customerId":"c"}""", 1),
            """{"current":{"id":"b"}}""",
            Wire("upsert", "current", """{"id":"c"}""", 3),
            Wire("create", "current", "[1]", 4),
            "[]",
            Wire("replace", "current", """{"id":"d","customerId":"c"}""", 5),
            Wire("create", "current", "null", 6), // found by the property: a JSON null is no document, in either mode
        };
        var documents = AllVersionsChange.ToDocuments(reader.ReadBatch(Encoding.UTF8.GetBytes($"[{string.Join(',', changes)}]"), "orders", "0"));

        Assert.Equal(7, documents.Count);
        Assert.Equal("a", documents[0].GetProperty("id").GetString());
        Assert.Equal("d", documents[5].GetProperty("id").GetString());
        foreach (var (index, why) in new[] { (1, "no 'metadata'"), (2, "'operationType'"), (3, "not an object"), (4, "not an object"), (6, "not an object") })
        {
            Assert.True(UnreadableChange.TryRead(documents[index], out var reason, out _, out _), $"change {index} is not parked");
            Assert.Contains(why, reason, StringComparison.Ordinal);
        }
    }

    public void Dispose() => services.Dispose();

    /// <summary>What the relay does with the document: the router's outcome, or parked when the router throws (decision 0023).</summary>
    private RoutingOutcome Outcome(JsonElement document)
    {
        try
        {
            return router.Route(route, document);
        }
        catch (InvalidOperationException exception)
        {
            return RoutingOutcome.Park(exception.Message);
        }
    }

    private static string Wire(string operation, string image, string json, long lsn) =>
        $"{{\"{image}\":{json},\"metadata\":{{\"operationType\":\"{operation}\",\"lsn\":{lsn},\"crts\":1764000000,"
        + $"\"previousImageLSN\":{lsn - 1},\"timeToLiveExpired\":false,\"id\":\"x\",\"partitionKey\":{{\"customerId\":\"c\"}}}}}}";
}

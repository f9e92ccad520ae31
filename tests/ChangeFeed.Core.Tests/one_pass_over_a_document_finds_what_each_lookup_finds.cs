using System.Text.Json;
using ChangeFeed.Routing;
using FsCheck;
using FsCheck.Fluent;

namespace ChangeFeed.Core.Tests;

/// <summary>
/// The router reads a change's top-level properties in one pass (<see cref="DocumentFields"/>) instead of one lookup
/// per name: for documents with duplicate names, names written with escapes and names .NET cannot unescape, every field
/// is the very element <see cref="PropertyLookup.TryFind"/> finds (the last of duplicates; none for a bad name).
/// </summary>
public class one_pass_over_a_document_finds_what_each_lookup_finds
{
    // Raw JSON names: the fields' names as written, escaped ("\u0069d" is "id"), near misses, and a name that cannot be unescaped.
    private static readonly string[] RawNames =
    [
        "id", "\\u0069d", "i\\u0064", "ID", "id ", "_lsn", "\\u005flsn", "_ts", "customerId", "customer\\u0049d", "tenant",
        "isDeleted", "correlationId", LongName, LongName + "x", "kind", "_changeFeedOperation", "_changeFeedUnreadable", "\\ud800", "\\ud800id", "x",
    ];

    // Names of 64 bytes or more are compared without the length filter.
    private const string LongName = "correlationIdOfTheCheckoutThatPlacedThisOrderAsTheShopFrontRecordedIt";

    private static readonly string[] Values = ["\"a\"", "\"\"", "1", "-7", "true", "false", "null", "{\"id\":\"inner\"}", "[1]", "\"delete\""];

    private static (Field Field, string Name)[] Read(string correlationId) =>
    [
        (Field.Unreadable, "_changeFeedUnreadable"), (Field.Operation, "_changeFeedOperation"), (Field.Id, "id"),
        (Field.Lsn, "_lsn"), (Field.Timestamp, "_ts"), (Field.SoftDelete, "isDeleted"), (Field.CorrelationId, correlationId),
        (Field.TypeProperty, "kind"), (Field.PartitionKey, "customerId"), (Field.PartitionKey + 1, "tenant"), (Field.PartitionKey + 2, "id"),
    ];

    private static Gen<string> Document { get; } =
        Gen.Choose(0, 12).SelectMany(count => Gen.ArrayOf(
            from name in Gen.Elements(RawNames)
            from value in Gen.Elements(Values)
            select $"\"{name}\":{value}", count))
        .Select(properties => "{" + string.Join(",", properties) + "}");

    [Theory]
    [InlineData("correlationId")]
    [InlineData(LongName)]
    public void every_field_is_the_element_a_lookup_by_name_finds(string correlationId)
    {
        var route = Changes.Route(options =>
        {
            options.PartitionKeyPath = "/customerId,/tenant/region,/id";
            options.EventType = null;
            options.TypeProperty = "kind";
            options.CorrelationIdProperty = correlationId;
        });
        var compiled = CompiledRoute.Of(route);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2_000), Prop.ForAll(Arb.From(Document), json =>
        {
            using var document = JsonDocument.Parse(json);
            var fields = DocumentFields.Read(document.RootElement, compiled);
            foreach (var (field, name) in Read(correlationId))
            {
                var expected = document.RootElement.TryFind(name, out var found) ? found : default;
                Assert.Equal(expected, fields[field]);
            }
        }));
    }

    [Fact]
    public void a_route_is_compiled_once()
    {
        var route = Changes.Route();
        Assert.Same(CompiledRoute.Of(route), CompiledRoute.Of(route));
    }
}

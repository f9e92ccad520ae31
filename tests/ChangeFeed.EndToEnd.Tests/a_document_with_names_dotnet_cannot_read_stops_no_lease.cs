using System.Text;
using ChangeFeed.EndToEnd.Tests.Infrastructure;
using Microsoft.Azure.Cosmos;

namespace ChangeFeed.EndToEnd.Tests;

/// <summary>
/// Decision 0023 on the wire: documents whose top-level names hold an unpaired surrogate escape (<c>"\ud800"</c>, which
/// Cosmos DB stores and .NET cannot turn into a string), written between ordinary documents of the same key, are
/// delivered with their names as written (or parked), and every ordinary document before and after them is delivered:
/// the lease goes on.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed class a_document_with_names_dotnet_cannot_read_stops_no_lease(Targets targets, ITestOutputHelper output)
{
    [Fact]
    public async Task it_is_delivered_byte_for_byte_or_parked_and_every_other_document_is_delivered()
    {
        await using var scenario = await Scenario.StartAsync(targets, output, "surrogates");
        var items = await scenario.AddRouteAsync("items", "items", "/pk", new Dictionary<string, string> { ["EventType"] = Documents.EntityType });
        var host = scenario.BuildHost();
        await host.StartAsync();

        // Key k000: ten ordinary documents, the odd ones, ten more; other keys around them.
        string[] odd =
        [
            """{"id":"odd-1","pk":"k000","\ud800":1,"seq":11}""",
            """{"id":"odd-2","\udc00x":{"nested \ud800":"\udfff"},"pk":"k000","seq":12,"\u00e9\"quoted\"":"\u00E9"}""",
        ];
        await Documents.WriteAsync(items, keys: 3, perKey: 10);
        foreach (var document in odd)
        {
            using var body = new MemoryStream(Encoding.UTF8.GetBytes(document));
            using var response = await items.UpsertItemStreamAsync(body, new PartitionKey("k000"));
            Assert.True(response.IsSuccessStatusCode, $"the container refused {document}: {(int)response.StatusCode} {response.ErrorMessage}");
        }

        await Documents.WriteAsync(items, keys: 3, perKey: 20, (key, seq) => Documents.Item(key, seq + 20));
        var ordinary = Documents.Ids(3, 10).Concat(Enumerable.Range(0, 3).SelectMany(k => Enumerable.Range(21, 20).Select(seq => $"k{k:D3}-{seq}"))).ToList();

        IReadOnlyList<System.Text.Json.JsonElement> parked = [];
        await Eventually.HoldsAsync(
            async () =>
            {
                parked = await scenario.ParkedAsync("items");
                var subjects = scenario.Received.All.Select(e => e.Subject).ToHashSet(StringComparer.Ordinal);
                return ordinary.All(subjects.Contains) && odd.Length == subjects.Count(s => s!.StartsWith("odd-", StringComparison.Ordinal)) + parked.Count;
            },
            () => $"{scenario.Received.DistinctIds.Count} of {ordinary.Count + odd.Length} events, {parked.Count} parked",
            TimeSpan.FromSeconds(90));
        await host.StopAsync();

        var delivered = scenario.Received.All.Where(e => e.Subject!.StartsWith("odd-", StringComparison.Ordinal)).ToList();
        output.WriteLine($"FIGURES ordinary {ordinary.Count}, odd {odd.Length}: delivered {delivered.Count}, parked {parked.Count}, duplicates {scenario.Received.Duplicates}");
        foreach (var record in parked)
            output.WriteLine($"parked: {record.GetProperty("reason").GetString()}");
        Assert.Equal(0, scenario.Received.Duplicates);
        Assert.Equal(ordinary.Order(), scenario.Received.All.Select(e => e.Subject!).Where(s => !s.StartsWith("odd-", StringComparison.Ordinal)).Order());

        // What is delivered is the item's bytes as Cosmos DB returns them (the service writes items again: escapes may
        // differ from what the writer sent) minus its system properties: names and values as returned, escapes included.
        foreach (var e in delivered)
        {
            using var stored = await items.ReadItemStreamAsync(e.Subject, new PartitionKey("k000"));
            var text = await new StreamReader(stored.Content).ReadToEndAsync();
            var expected = System.Text.RegularExpressions.Regex.Replace(text, @",""_(rid|self|etag|attachments|ts|lsn)"":(""(?:[^""\\]|\\.)*""|\d+)", "");
            output.WriteLine($"stored {text}\ndelivered {e.Body}");
            Assert.Contains("\\ud800", e.Body, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(expected, e.Body);
        }

        Assert.Equal(odd.Length, delivered.Count + parked.Count);
    }
}

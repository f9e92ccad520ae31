using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChangeFeed.Benchmarks.Tests;

/// <summary>The compared implementations do the same work: the same data comes out of each, system properties removed.</summary>
public class translations_carry_the_same_data
{
    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(100)]
    public void for_every_document_size(int sizeKb)
    {
        using var benchmarks = new TranslationBenchmarks { SizeKb = sizeKb };
        benchmarks.Setup();

        var floor = JsonNode.Parse(benchmarks.Floor())!.AsObject();
        var binary = JsonNode.Parse(benchmarks.Binary().Body.ToMemory().Span)!;
        var naive = JsonNode.Parse(benchmarks.Naive().Body.ToMemory().Span)!;
        var structured = JsonNode.Parse(benchmarks.Structured().Body.ToMemory().Span)!;

        Assert.InRange(JsonSerializer.SerializeToUtf8Bytes(floor).Length, sizeKb * 1024, sizeKb * 1024 + 1024);
        foreach (var system in new[] { "_rid", "_self", "_etag", "_attachments", "_ts", "_lsn" })
            Assert.True(floor.Remove(system), system);
        Assert.True(JsonNode.DeepEquals(floor, binary), "binary data differs from the document");
        Assert.True(JsonNode.DeepEquals(binary, naive), "the naive mapping's body differs from binary data");
        Assert.True(JsonNode.DeepEquals(binary, structured["data"]), "structured data differs from binary data");
        Assert.Equal("com.contoso.orders.order.upserted", structured["type"]!.GetValue<string>());
    }
}

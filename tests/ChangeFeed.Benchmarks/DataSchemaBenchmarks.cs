using System.Buffers;
using System.Text.Json;
using Azure.Messaging.ServiceBus;
using BenchmarkDotNet.Attributes;
using ChangeFeed.Configuration;
using ChangeFeed.Routing;
using ChangeFeed.ServiceBus;

namespace ChangeFeed.Benchmarks;

/// <summary>
/// What enforcing a data schema (<c>EnforceDataSchema</c>) costs per event: the binary translation with and without
/// the check of the data against a JSON Schema 2020-12 of the order (JsonSchema.Net), against the same floor as the
/// translation benchmarks (parse the document and write it back out).
/// </summary>
[MemoryDiagnoser]
public class DataSchemaBenchmarks : IDisposable
{
    /// <summary>The order documents' shape: every property typed, the lines' items too (a realistic, not a trivial, schema).</summary>
    public const string OrderSchema = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://schemas.contoso.example/orders/order/1",
          "type": "object",
          "required": ["id", "customerId", "status", "currency", "lines", "total"],
          "properties": {
            "id": { "type": "string" },
            "customerId": { "type": "string" },
            "type": { "const": "order" },
            "status": { "enum": ["confirmed", "shipped", "cancelled"] },
            "orderDate": { "type": "string" },
            "currency": { "type": "string", "minLength": 3, "maxLength": 3 },
            "correlationId": { "type": "string" },
            "shippingAddress": { "$ref": "#/$defs/address" },
            "billingAddress": { "$ref": "#/$defs/address" },
            "lines": { "type": "array", "minItems": 1, "items": { "$ref": "#/$defs/line" } },
            "total": { "type": "number", "minimum": 0 },
            "isDeleted": { "type": "boolean" }
          },
          "$defs": {
            "address": {
              "type": "object",
              "required": ["name", "street", "city", "postalCode", "country"],
              "properties": { "name": { "type": "string" }, "street": { "type": "string" }, "city": { "type": "string" }, "postalCode": { "type": "string" }, "country": { "type": "string", "pattern": "^[A-Z]{2}$" } }
            },
            "line": {
              "type": "object",
              "required": ["lineNumber", "sku", "quantity", "unitPrice"],
              "properties": {
                "lineNumber": { "type": "integer", "minimum": 1 },
                "sku": { "type": "string", "pattern": "^SKU-[0-9]{6}$" },
                "productName": { "type": "string" },
                "description": { "type": "string" },
                "quantity": { "type": "integer", "minimum": 1 },
                "unitPrice": { "type": "number", "minimum": 0 },
                "discount": { "type": "number", "minimum": 0, "maximum": 1 },
                "taxRate": { "type": "number" },
                "attributes": { "type": "object", "additionalProperties": { "type": ["string", "boolean"] } }
              }
            }
          }
        }
        """;

    private readonly Router router = new();
    private readonly EnvelopeEncoder encoder = new();
    private readonly Route binary = OrderDocuments.Route(ContentMode.Binary);
    private readonly ArrayBufferWriter<byte> floorBuffer = new(256 * 1024);
    private readonly string schemaFile = Path.Combine(Path.GetTempPath(), $"order-schema-{Guid.NewGuid():N}.json");
    private Route enforcing = null!;
    private Utf8JsonWriter? floorWriter;
    private byte[] document = [];

    /// <summary>The document size in KB.</summary>
    [Params(1, 10)]
    public int SizeKb { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        document = OrderDocuments.Create(SizeKb * 1024);
        floorWriter = new Utf8JsonWriter(floorBuffer, new JsonWriterOptions { SkipValidation = true });
        File.WriteAllText(schemaFile, OrderSchema);
        enforcing = binary with
        {
            EnforceDataSchema = true,
            DataSchemas = new Dictionary<string, DataSchema> { ["com.contoso.orders.order.upserted"] = DataSchema.Load("com.contoso.orders.order.upserted", schemaFile) },
        };
        if (Translate(enforcing).ApplicationProperties.ContainsKey("cloudEvents_dataschema") is false)
            throw new InvalidOperationException("the order document does not conform to the benchmark's schema: the enforcing case would measure parking");
    }

    /// <summary>The floor of the translation benchmarks: parse the bytes, write the same JSON back out.</summary>
    [Benchmark(Baseline = true)]
    public byte[] Floor()
    {
        floorBuffer.ResetWrittenCount();
        floorWriter!.Reset();
        using var parsed = JsonDocument.Parse(document);
        parsed.RootElement.WriteTo(floorWriter);
        floorWriter.Flush();
        return floorBuffer.WrittenSpan.ToArray();
    }

    [Benchmark]
    public ServiceBusMessage Binary() => Translate(binary);

    [Benchmark]
    public ServiceBusMessage BinaryEnforced() => Translate(enforcing);

    public void Dispose()
    {
        floorWriter?.Dispose();
        File.Delete(schemaFile);
        GC.SuppressFinalize(this);
    }

    private ServiceBusMessage Translate(Route route)
    {
        using var parsed = JsonDocument.Parse(document);
        var outcome = router.Route(route, parsed.RootElement);
        return encoder.Encode(outcome.Events.Count == 1 ? outcome.Events[0] : throw new InvalidOperationException(outcome.ParkReason));
    }
}

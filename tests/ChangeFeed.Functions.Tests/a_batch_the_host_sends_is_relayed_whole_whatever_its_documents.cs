using System.Text;
using System.Text.Json;
using ChangeFeed.Envelope;
using ChangeFeed.Parking;
using ChangeFeed.Publishing;
using Microsoft.Azure.Functions.Worker.Converters;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;

namespace ChangeFeed.Functions.Tests;

/// <summary>
/// The Functions path from the payload the host sends (the batch as one JSON array) through the worker's own binding
/// of the trigger parameter to the relay: a document nested as deep as Cosmos DB allows is relayed with the rest, and
/// one that cannot be read is parked while the rest of its batch is relayed.
/// </summary>
public sealed class a_batch_the_host_sends_is_relayed_whole_whatever_its_documents : IDisposable
{
    private readonly List<IntegrationEvent> published = [];
    private readonly InMemoryParkingLot parkingLot = new();
    private readonly IHost host;

    public a_batch_the_host_sends_is_relayed_whole_whatever_its_documents() =>
        host = TestSettings.FunctionApp(TestSettings.Valid(), builder =>
        {
            builder.Services.AddSingleton<IEventPublisher>(new Publisher(published));
            builder.Services.AddSingleton<IParkingLot>(parkingLot);
        });

    public void Dispose() => host.Dispose();

    [Fact]
    public async Task a_batch_with_a_document_nested_100_levels_is_relayed_in_order()
    {
        var payload = $"[{Document("order-1", 10)},{Document("order-2", 11, Nested(100))},{Document("order-3", 12)}]";

        var changes = await BindAsync(payload);
        await Functions.RelayDocumentChanges(changes, CancellationToken.None);

        Assert.Equal(["order-1", "order-2", "order-3"], published.Select(e => e.Subject));
        using var data = JsonDocument.Parse(published[1].Data, DocumentLimits.DocumentOptions);
        Assert.Equal(100, Depth(data.RootElement.GetProperty("payload")));
        Assert.Empty(parkingLot.Parked);
    }

    [Fact]
    public async Task the_worker_binding_a_list_of_json_elements_would_fail_the_whole_batch()
    {
        // Why the trigger is bound to string: the worker's serializer stops at 64 levels, so the batch would never
        // reach the function, and the unlimited retry would run it again forever.
        var payload = $"[{Document("order-1", 10)},{Document("order-2", 11, Nested(100))}]";

        var result = await WorkerConversion.ConvertAsync(host.Services, payload, typeof(IReadOnlyList<JsonElement>));

        Assert.Equal(ConversionStatus.Failed, result.Status);
        Assert.Contains("depth", result.Error!.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task a_document_that_cannot_be_read_is_parked_and_counted_and_the_rest_is_relayed()
    {
        // Cosmos DB never delivers malformed JSON: this stands for whatever a document could carry that a reader refuses.
        const string Malformed = """{"id":"order-2","customerId":"customer-1","type":"order","total":NaN,"_ts":1764000000,"_lsn":11}""";
        var payload = $"[{Document("order-1", 10)},{Malformed},{Document("order-3", 12)}]";
        using var failed = new MetricCollector<long>(host.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), "ChangeFeed", "changefeed.relays.failed");

        await Functions.RelayDocumentChanges(await BindAsync(payload), CancellationToken.None);

        Assert.Equal(["order-1", "order-3"], published.Select(e => e.Subject));
        var parked = Assert.Single(parkingLot.Parked);
        Assert.Equal(("order-2", 11L, "orders"), (parked.DocumentId, parked.Lsn, parked.Route));
        Assert.Contains("cannot be read", parked.Reason, StringComparison.Ordinal);
        Assert.Contains("NaN", parked.Document, StringComparison.Ordinal);
        var failure = Assert.Single(failed.GetMeasurementSnapshot());
        Assert.Equal(1, failure.Value);
        Assert.Equal("orders", failure.Tags["changefeed.route"]);
    }

    private RelayFunctions Functions => ActivatorUtilities.CreateInstance<RelayFunctions>(host.Services);

    private async Task<string> BindAsync(string payload)
    {
        var result = await WorkerConversion.ConvertAsync(host.Services, payload, WorkerConversion.TriggerParameterType(nameof(RelayFunctions.RelayDocumentChanges)));
        Assert.Equal(ConversionStatus.Succeeded, result.Status);
        return Assert.IsType<string>(result.Value);
    }

    private static string Document(string id, long lsn, string? payload = null) =>
        $$"""{"id":"{{id}}","customerId":"customer-1","type":"order"{{(payload is null ? "" : ",\"payload\":" + payload)}},"_ts":1764000000,"_lsn":{{lsn}}}""";

    /// <summary>An object nested <paramref name="levels"/> deep: <c>{"level":{"level":...{"level":0}...}}</c>.</summary>
    private static string Nested(int levels)
    {
        var json = new StringBuilder();
        for (var i = 0; i < levels - 1; i++)
            json.Append("{\"level\":");
        json.Append("{\"level\":0}");
        json.Append('}', levels - 1);
        return json.ToString();
    }

    private static int Depth(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object ? 1 + element.EnumerateObject().Select(p => Depth(p.Value)).DefaultIfEmpty(0).Max() : 0;

    private sealed class Publisher(List<IntegrationEvent> published) : IEventPublisher
    {
        public Task<PublishResult> PublishAsync(IReadOnlyList<IntegrationEvent> events, CancellationToken cancellationToken)
        {
            published.AddRange(events);
            return Task.FromResult(new PublishResult(events.Count, 1, []));
        }
    }
}

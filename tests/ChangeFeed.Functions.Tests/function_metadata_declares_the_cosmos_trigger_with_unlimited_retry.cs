using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;

namespace ChangeFeed.Functions.Tests;

/// <summary>What the Functions host reads: functions.metadata from the real build, and the source-generated provider.</summary>
[Collection(FunctionsProject.BuildOutput)]
public sealed class function_metadata_declares_the_cosmos_trigger_with_unlimited_retry
{
    private static readonly JsonObject ExpectedTrigger = JsonNode.Parse("""
        {
          "name": "changes",
          "direction": "In",
          "type": "cosmosDBTrigger",
          "dataType": "String",
          "databaseName": "%COSMOS_DATABASE%",
          "containerName": "%ORDERS_CONTAINER%",
          "connection": "COSMOS",
          "leaseDatabaseName": "%COSMOS_DATABASE%",
          "leaseContainerName": "%COSMOS_LEASES_CONTAINER%",
          "leaseContainerPrefix": "orders-",
          "createLeaseContainerIfNotExists": false
        }
        """)!.AsObject();

    private static JsonObject Function(string name) =>
        JsonNode.Parse(File.ReadAllText(FunctionsProject.OutputFile("functions.metadata")))!.AsArray()
            .Single(function => (string?)function!["name"] == name)!.AsObject();

    [Fact]
    public void functions_metadata_binds_RelayDocumentChanges_to_the_orders_container_by_app_settings()
    {
        var function = Function("RelayDocumentChanges");

        Assert.Equal("ChangeFeed.Functions.RelayFunctions.RelayDocumentChanges", (string?)function["entryPoint"]);
        Assert.Equal("dotnet-isolated", (string?)function["language"]);
        var binding = Assert.Single(function["bindings"]!.AsArray())!.AsObject();
        binding.Remove("properties");
        Assert.True(JsonNode.DeepEquals(ExpectedTrigger, binding), binding.ToJsonString());
    }

    [Theory]
    [InlineData("RelayOutbox", "%OUTBOX_CONTAINER%", "outbox-")]
    [InlineData("RelayEventStore", "%EVENTS_CONTAINER%", "eventstore-")]
    public void outbox_and_event_store_functions_watch_their_containers_with_their_own_leases(string name, string container, string prefix)
    {
        var binding = Assert.Single(Function(name)["bindings"]!.AsArray())!.AsObject();
        binding.Remove("properties");
        var expected = ExpectedTrigger.DeepClone().AsObject();
        expected["containerName"] = container;
        expected["leaseContainerPrefix"] = prefix;

        Assert.True(JsonNode.DeepEquals(expected, binding), binding.ToJsonString());
        Assert.Equal(-1, (int?)Function(name)["retry"]!["maxRetryCount"]);
    }

    [Fact]
    public void functions_metadata_retries_without_limit_with_exponential_backoff()
    {
        var retry = Function("RelayDocumentChanges")["retry"]!;

        Assert.Equal("exponentialBackoff", (string?)retry["strategy"]);
        Assert.Equal(-1, (int?)retry["maxRetryCount"]);
        Assert.Equal("00:00:01", (string?)retry["minimumInterval"]);
        Assert.Equal("00:05:00", (string?)retry["maximumInterval"]);
    }

    [Fact]
    public void every_function_with_a_cosmos_trigger_has_its_own_lease_prefix_and_retries_without_limit()
    {
        var functions = JsonNode.Parse(File.ReadAllText(FunctionsProject.OutputFile("functions.metadata")))!.AsArray()
            .Select(function => function!.AsObject())
            .Where(function => function["bindings"]!.AsArray().Any(binding => (string?)binding!["type"] == "cosmosDBTrigger"))
            .ToList();

        Assert.NotEmpty(functions);
        var prefixes = functions.Select(function => (string?)function["bindings"]!.AsArray().Single(b => (string?)b!["type"] == "cosmosDBTrigger")!["leaseContainerPrefix"]).ToList();
        Assert.All(prefixes, prefix => Assert.False(string.IsNullOrEmpty(prefix)));
        Assert.Equal(prefixes.Count, prefixes.Distinct(StringComparer.Ordinal).Count());
        Assert.All(functions, function => Assert.Equal(-1, (int?)function["retry"]?["maxRetryCount"]));
    }

    [Fact]
    public async Task the_generated_metadata_provider_reports_the_same_binding_and_retry()
    {
        var provider = new GeneratedFunctionMetadataProvider();

        var functions = await provider.GetFunctionMetadataAsync(string.Empty);

        var function = Assert.Single(functions, f => f.Name == "RelayDocumentChanges");
        var binding = JsonNode.Parse(Assert.Single(function.RawBindings!))!.AsObject();
        binding.Remove("properties");
        Assert.True(JsonNode.DeepEquals(ExpectedTrigger, binding), binding.ToJsonString());
        Assert.Equal(-1, function.Retry!.MaxRetryCount);
        Assert.Equal(TimeSpan.FromSeconds(1), function.Retry.MinimumInterval);
        Assert.Equal(TimeSpan.FromMinutes(5), function.Retry.MaximumInterval);
        Assert.Null(function.Retry.DelayInterval);
    }

    [Fact]
    public async Task the_trigger_payload_the_host_sends_reaches_every_relay_function_as_it_was_sent()
    {
        // The host sends the batch as a JSON array string ("dataType": "String" asks for exactly that); the worker's
        // converters hand a string parameter the payload unchanged, so nothing is deserialized before the relay's reader.
        using var host = TestSettings.FunctionApp(TestSettings.Valid());
        const string Payload = """[{"id":"a","_lsn":1},{"id":"b","_lsn":2}]""";

        foreach (var function in new[] { "RelayDocumentChanges", "RelayOutbox", "RelayEventStore" })
        {
            var result = await WorkerConversion.ConvertAsync(host.Services, Payload, WorkerConversion.TriggerParameterType(function));

            Assert.Equal(Microsoft.Azure.Functions.Worker.Converters.ConversionStatus.Succeeded, result.Status);
            Assert.Same(Payload, result.Value);
        }
    }
}

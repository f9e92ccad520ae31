using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace ChangeFeed.Functions.Tests;

/// <summary>App settings as the infrastructure sets them, and a Function App host built from them.</summary>
internal static class TestSettings
{
    public static Dictionary<string, string?> Valid() => new()
    {
        ["COSMOS__accountEndpoint"] = "https://contoso.documents.azure.com:443/",
        ["COSMOS__credential"] = "managedidentity",
        ["COSMOS__clientId"] = "00000000-0000-0000-0000-000000000001",
        ["SERVICEBUS__fullyQualifiedNamespace"] = "contoso.servicebus.windows.net",
        ["SERVICEBUS__credential"] = "managedidentity",
        ["SERVICEBUS__clientId"] = "00000000-0000-0000-0000-000000000001",
        ["CLAIMCHECK__serviceUri"] = "https://stlargecontoso.blob.core.windows.net/",
        ["CLAIMCHECK__credential"] = "managedidentity",
        ["CLAIMCHECK__clientId"] = "00000000-0000-0000-0000-000000000001",
        ["CLAIMCHECK_CONTAINER"] = "large-events",
        ["COSMOS_DATABASE"] = "shop",
        ["COSMOS_LEASES_CONTAINER"] = "leases",
        ["COSMOS_PARKED_CONTAINER"] = "parked",
        ["ORDERS_CONTAINER"] = "orders",
        ["OUTBOX_CONTAINER"] = "outbox",
        ["EVENTS_CONTAINER"] = "events",
        ["ChangeFeed__Account"] = "contoso",
        ["ChangeFeed__Routes__orders__Database"] = "shop",
        ["ChangeFeed__Routes__orders__Container"] = "orders",
        ["ChangeFeed__Routes__orders__Topic"] = "orders",
        ["ChangeFeed__Routes__orders__PartitionKeyPath"] = "/customerId",
        ["ChangeFeed__Routes__orders__TypeProperty"] = "type",
        ["ChangeFeed__Routes__outbox__Mode"] = "outbox",
        ["ChangeFeed__Routes__outbox__Database"] = "shop",
        ["ChangeFeed__Routes__outbox__Container"] = "outbox",
        ["ChangeFeed__Routes__outbox__Topic"] = "orders-events",
        ["ChangeFeed__Routes__outbox__PartitionKeyPath"] = "/partitionKey",
        ["ChangeFeed__Routes__eventstore__Mode"] = "eventstore",
        ["ChangeFeed__Routes__eventstore__Database"] = "shop",
        ["ChangeFeed__Routes__eventstore__Container"] = "events",
        ["ChangeFeed__Routes__eventstore__Topic"] = "orders-stream",
        ["ChangeFeed__Routes__eventstore__PartitionKeyPath"] = "/streamId",
    };

    /// <summary>The valid settings with the local emulators' connection strings (their published development values) instead of managed identity.</summary>
    public static Dictionary<string, string?> Emulators()
    {
        var settings = Valid();
        settings.Remove("COSMOS__accountEndpoint");
        settings.Remove("SERVICEBUS__fullyQualifiedNamespace");
        settings.Remove("CLAIMCHECK__serviceUri");
        settings["CLAIMCHECK"] = "UseDevelopmentStorage=true";
        settings["COSMOS"] = "AccountEndpoint=https://localhost:8081/;AccountKey=C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";
        settings["SERVICEBUS"] = "Endpoint=sb://127.0.0.1;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;";
        return settings;
    }

    /// <summary>The real Function App builder (as Program.cs), with these settings in place of environment variables.</summary>
    public static IHost FunctionApp(IDictionary<string, string?> settings, Action<FunctionsApplicationBuilder>? configure = null)
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        // App settings arrive as environment variables, where '__' stands for ':'.
        builder.Configuration.AddInMemoryCollection(settings.Select(pair => KeyValuePair.Create(pair.Key.Replace("__", ":", StringComparison.Ordinal), pair.Value)));
        // What the Functions host passes to the worker it starts (a port nothing listens on: the tests never start the worker).
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Functions:Worker:HostEndpoint"] = "http://127.0.0.1:9",
            ["Functions:Worker:WorkerId"] = "test-worker",
            ["Functions:Worker:RequestId"] = "test-request",
            ["Functions:Worker:GrpcMaxMessageLength"] = "2147483647",
        });
        builder.AddChangeFeedFunctionApp();
        configure?.Invoke(builder);
        return builder.Build();
    }
}

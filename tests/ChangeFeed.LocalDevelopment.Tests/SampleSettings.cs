using System.Text.Json;
using ChangeFeed.Functions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using ChangeFeed.Hosting;

namespace ChangeFeed.LocalDevelopment.Tests;

/// <summary>local.settings.sample.json, and the Function App host built from exactly its values.</summary>
internal static class SampleSettings
{
    /// <summary>The connection strings of the local emulators: published development values, not secrets.</summary>
    public const string CosmosEmulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";
    public const string ServiceBusEmulatorKey = "SAS_KEY_VALUE";

    /// <summary>The Values, read strictly (no comments: Core Tools does not accept them).</summary>
    public static Dictionary<string, string> Values()
    {
        using var document = Repo.Json(Repo.SampleSettingsFile);
        return Values(document.RootElement);
    }

    public static Dictionary<string, string> Values(JsonElement root) =>
        root.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);

    /// <summary>The real Function App builder (as Program.cs) with these values as its app settings.</summary>
    public static IHost FunctionApp(IReadOnlyDictionary<string, string> values)
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        // App settings arrive as environment variables, where '__' stands for ':'.
        builder.Configuration.AddInMemoryCollection(values.Select(pair => KeyValuePair.Create(pair.Key.Replace("__", ":", StringComparison.Ordinal), (string?)pair.Value)));
        // What the Functions host passes to the worker it starts; the tests never start the worker.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Functions:Worker:HostEndpoint"] = "http://127.0.0.1:9",
            ["Functions:Worker:WorkerId"] = "local-development-test",
            ["Functions:Worker:RequestId"] = "local-development-test",
            ["Functions:Worker:GrpcMaxMessageLength"] = "2147483647",
        });
        builder.AddChangeFeedFunctionApp();
        return builder.Build();
    }

    /// <summary>Connection-string settings and their identity-based form (as azd provisions them).</summary>
    public static IReadOnlyDictionary<string, string> IdentityBasedForm { get; } = new Dictionary<string, string>
    {
        [RelaySettings.Cosmos] = $"{RelaySettings.Cosmos}__accountEndpoint",
        [RelaySettings.ServiceBus] = $"{RelaySettings.ServiceBus}__fullyQualifiedNamespace",
        [RelaySettings.ClaimCheck] = $"{RelaySettings.ClaimCheck}__serviceUri",
    };
}

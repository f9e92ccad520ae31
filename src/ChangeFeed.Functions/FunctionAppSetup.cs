using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using ChangeFeed.Functions.Configuration;
using ChangeFeed.Telemetry;
using Microsoft.Azure.Cosmos;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ChangeFeed.Functions;

/// <summary>Everything the Function App registers: relay, Service Bus publisher, Cosmos DB parking lot, telemetry.</summary>
public static class FunctionAppSetup
{
    public static IHostApplicationBuilder AddChangeFeedFunctionApp(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var services = builder.Services;

        services.AddOptions<RequiredAppSettings>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<RequiredAppSettings>, RequiredAppSettingsValidator>();

        // Clients from the COSMOS / SERVICEBUS sections: managed identity in Azure, connection strings locally. No keys.
        services.AddAzureClients(clients => clients.AddServiceBusClient(configuration.GetSection(AppSettings.ServiceBus)));
        services.AddSingleton(provider => CreateCosmosClient(configuration.GetSection(AppSettings.Cosmos), provider.GetRequiredService<AzureComponentFactory>()));

        services.AddChangeFeed(configuration);
        services.AddServiceBusPublisher();
        services.AddCosmosParkingLot(options =>
        {
            options.Database = configuration[AppSettings.CosmosDatabase];
            options.Container = configuration[AppSettings.ParkedContainer] is { Length: > 0 } container ? container : options.Container;
            options.TimeToLive = configuration.GetValue<TimeSpan?>(AppSettings.ParkedTimeToLive) ?? options.TimeToLive;
        });

        AddOpenTelemetry(services, configuration);
        return builder;
    }

    private static void AddOpenTelemetry(IServiceCollection services, IConfiguration configuration)
    {
        var telemetry = services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithTracing(tracing => tracing.AddSource(ChangeFeedTelemetry.Name))
            .WithMetrics(metrics => metrics.AddMeter(ChangeFeedTelemetry.Name));

        if (configuration[AppSettings.ApplicationInsightsConnectionString] is not { Length: > 0 } connectionString)
            return;

        var credential = ApplicationInsightsCredential(configuration[AppSettings.ApplicationInsightsAuthentication]);
        telemetry.UseAzureMonitorExporter(options =>
        {
            options.ConnectionString = connectionString;
            if (credential is not null)
                options.Credential = credential;
        });
    }

    /// <summary>
    /// The credential for Application Insights when local authentication is off:
    /// <c>Authorization=AAD</c> (system-assigned identity) or <c>Authorization=AAD;ClientId=&lt;id&gt;</c> (user-assigned).
    /// </summary>
    public static TokenCredential? ApplicationInsightsCredential(string? authenticationString)
    {
        if (string.IsNullOrWhiteSpace(authenticationString))
            return null;

        var parts = authenticationString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2, StringSplitOptions.TrimEntries))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Authorization", out var authorization) || !authorization.Equals("AAD", StringComparison.OrdinalIgnoreCase))
            return null;

        return parts.TryGetValue("ClientId", out var clientId) && clientId.Length > 0
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }

    /// <summary>
    /// <c>COSMOS</c> as a connection string (the emulator), or <c>COSMOS__accountEndpoint</c> with the credential the
    /// section describes (<c>credential=managedidentity</c>, <c>clientId</c>), as the Functions host reads it too.
    /// </summary>
    public static CosmosClient CreateCosmosClient(IConfigurationSection section, AzureComponentFactory factory)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(factory);
        var options = new CosmosClientOptions { ApplicationName = "changefeed-functions" };
        if (section.Value is { Length: > 0 } connectionString)
        {
            if (connectionString.Contains("localhost", StringComparison.OrdinalIgnoreCase) || connectionString.Contains("127.0.0.1", StringComparison.Ordinal))
                options.ConnectionMode = ConnectionMode.Gateway;
            return new CosmosClient(connectionString, options);
        }

        var endpoint = section["accountEndpoint"];
        if (string.IsNullOrWhiteSpace(endpoint))
            throw new InvalidOperationException("COSMOS__accountEndpoint or COSMOS is required: the Cosmos DB account endpoint, or locally a connection string.");
        return new CosmosClient(endpoint, factory.CreateTokenCredential(section), options);
    }
}

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
        services.AddCosmosClient(configuration.GetSection(AppSettings.Cosmos), "changefeed-functions");

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
}

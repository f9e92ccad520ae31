using System.Globalization;
using Azure.Monitor.OpenTelemetry.Exporter;
using ChangeFeed.Host.Configuration;
using ChangeFeed.Host.Processing;
using ChangeFeed.Host.Telemetry;
using ChangeFeed.Telemetry;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ChangeFeed.Host;

/// <summary>
/// Everything the processor host registers: the relay, the Service Bus publisher and the Cosmos DB parking lot
/// exactly as the Function App does, plus one change feed processor per route, the lag estimator and telemetry.
/// </summary>
public static class ProcessorHostSetup
{
    public static IHostApplicationBuilder AddChangeFeedProcessorHost(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var services = builder.Services;

        services.AddOptions<ProcessorHostOptions>()
            .Configure(options => ProcessorHostBinding.Bind(configuration, options))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ProcessorHostOptions>, RequiredSettingsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ProcessorHostOptions>, ProcessorHostOptionsValidator>());

        // Clients from the COSMOS / SERVICEBUS sections: managed identity in Azure, connection strings locally. No keys.
        services.AddAzureClients(clients => clients.AddServiceBusClient(configuration.GetSection(HostSettings.ServiceBus)));
        services.AddCosmosClient(configuration.GetSection(HostSettings.Cosmos), "changefeed-host");

        services.AddChangeFeed(configuration);
        services.AddServiceBusPublisher();
        services.AddCosmosParkingLot(options =>
        {
            options.Database = configuration[HostSettings.CosmosDatabase];
            options.Container = configuration[HostSettings.ParkedContainer] is { Length: > 0 } container ? container : options.Container;
            if (TimeSpan.TryParse(configuration[HostSettings.ParkedTimeToLive], CultureInfo.InvariantCulture, out var timeToLive))
                options.TimeToLive = timeToLive;
        });

        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<ProcessorHostOptions>>().Value;
            return new RetryBackoff(options.RetryMinBackoff, options.RetryMaxBackoff);
        });
        services.TryAddSingleton<BatchRelay>();
        services.TryAddSingleton<RouteProcessorFactory>();
        services.TryAddSingleton<ChangeFeedLag>();
        services.AddHostedService<RouteProcessors>();
        services.AddHostedService<LagEstimator>();

        AddOpenTelemetry(services, configuration);
        return builder;
    }

    private static void AddOpenTelemetry(IServiceCollection services, IConfiguration configuration)
    {
        var telemetry = services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource(ChangeFeedTelemetry.Name))
            .WithMetrics(metrics => metrics.AddMeter(ChangeFeedTelemetry.Name));

        // Entra ID ingestion (APPLICATIONINSIGHTS_AUTHENTICATION_STRING) needs the credential helper that lives in the
        // Function App; until it moves to a shared project the host exports only with a connection string alone.
        if (configuration[HostSettings.ApplicationInsightsConnectionString] is { Length: > 0 } connectionString
            && string.IsNullOrWhiteSpace(configuration[HostSettings.ApplicationInsightsAuthentication]))
        {
            telemetry.UseAzureMonitorExporter(options => options.ConnectionString = connectionString);
        }
    }
}

using ChangeFeed.Functions.Configuration;
using ChangeFeed.Hosting;
using ChangeFeed.Telemetry;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ChangeFeed.Functions;

/// <summary>Everything the Function App registers: the relay with its clients, publisher and parking lot, and telemetry.</summary>
public static class FunctionAppSetup
{
    /// <summary>Who the configuration checklist says cannot start.</summary>
    public const string Program = "The Function App";

    /// <summary>Where the Function App's settings come from, as the checklist says it.</summary>
    public const string SettingSources = "the Function App's app settings (environment variables; locally, the Values of local.settings.json)";

    public static IHostApplicationBuilder AddChangeFeedFunctionApp(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var services = builder.Services;

        services.AddChangeFeedRelay(configuration, "changefeed-functions");
        services.AddOptions<RequiredAppSettings>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<RequiredAppSettings>, RequiredAppSettingsValidator>();

        services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithTracing(tracing => tracing.AddSource(ChangeFeedTelemetry.Name))
            .WithMetrics(metrics => metrics.AddMeter(ChangeFeedTelemetry.Name))
            .UseAzureMonitorWhenConfigured(configuration);
        return builder;
    }
}

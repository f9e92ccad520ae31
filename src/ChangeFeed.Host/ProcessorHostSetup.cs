using System.Globalization;
using ChangeFeed.Host.Configuration;
using ChangeFeed.Hosting;
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
        builder.AddProcessorHostSettings();

        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<ProcessorHostOptions>>().Value;
            return new RetryBackoff(options.RetryMinBackoff, options.RetryMaxBackoff);
        });
        services.TryAddSingleton<BatchRelay>();
        services.TryAddSingleton<ReadAhead>();
        services.TryAddSingleton<RouteProcessorFactory>();
        services.TryAddSingleton<ChangeFeedLag>();
        services.AddHostedService<RouteProcessors>();
        services.AddHostedService<LagEstimator>();

        AddOpenTelemetry(services, configuration);
        return builder;
    }

    /// <summary>
    /// The relay and its clients with every setting the processors read, validated at start, but no processor: what
    /// the host's commands (<c>check</c>, ...) need to see what <c>run</c> would see.
    /// </summary>
    public static IHostApplicationBuilder AddProcessorHostSettings(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        builder.Services.AddChangeFeedRelay(configuration, "changefeed-host");
        builder.Services.AddOptions<ProcessorHostOptions>()
            .Configure(options => ProcessorHostBinding.Bind(configuration, options))
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ProcessorHostOptions>, RequiredSettingsValidator>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ProcessorHostOptions>, ProcessorHostOptionsValidator>());
        return builder;
    }

    private static void AddOpenTelemetry(IServiceCollection services, IConfiguration configuration) =>
        services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource(ChangeFeedTelemetry.Name))
            .WithMetrics(metrics => metrics.AddMeter(ChangeFeedTelemetry.Name))
            .UseAzureMonitorWhenConfigured(configuration);
}

using ChangeFeed.Configuration;
using ChangeFeed.Host.Configuration;
using ChangeFeed.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ChangeFeed.Host.Tests;

public sealed class host_options_are_validated_by_name
{
    private static IOptions<ChangeFeedOptions> Routes(params string[] names)
    {
        var options = new ChangeFeedOptions();
        foreach (var name in names)
            options.Routes[name] = new RouteOptions();
        return Options.Create(options);
    }

    private static ProcessorHostOptions Bind(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var options = new ProcessorHostOptions();
        ProcessorHostBinding.Bind(configuration, options);
        return options;
    }

    [Fact]
    public void defaults_are_valid_and_run_every_configured_route_in_latest_version_mode_from_now()
    {
        var options = Bind();

        var result = new ProcessorHostOptionsValidator(Routes("orders", "outbox")).Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Equal(ProcessorMode.LatestVersion, options.ParsedMode);
        Assert.Equal(StartPosition.Now, options.ParsedStartFrom);
        Assert.Equal(["orders", "outbox"], options.RouteNames(["outbox", "orders"]));
        Assert.Equal(Environment.MachineName, options.EffectiveInstanceName);
    }

    [Fact]
    public void every_wrong_setting_is_reported_at_once_by_its_name()
    {
        var options = Bind(
            ("Host:Mode", "Sometimes"),
            ("Host:LeaseRenewInterval", "00:02:00"),
            ("Host:RetryMinBackoff", "00:00:00"),
            ("Host:EstimatorInterval", "-00:00:01"),
            ("Host:Routes", "orders,billing"),
            ("Host:Colour", "blue"));

        var result = new ProcessorHostOptionsValidator(Routes("orders")).Validate(null, options);

        Assert.False(result.Succeeded);
        var failures = string.Join("\n", result.Failures!);
        Assert.Contains("Host:Mode 'Sometimes' is not a mode", failures, StringComparison.Ordinal);
        Assert.Contains("Host:LeaseRenewInterval is 00:02:00: expected less than Host:LeaseExpirationInterval", failures, StringComparison.Ordinal);
        Assert.Contains("Host:RetryMinBackoff is 00:00:00: expected a positive interval", failures, StringComparison.Ordinal);
        Assert.Contains("Host:EstimatorInterval is -00:00:01", failures, StringComparison.Ordinal);
        Assert.Contains("Host:Routes names 'billing'", failures, StringComparison.Ordinal);
        Assert.Contains("Host:Colour is not a setting", failures, StringComparison.Ordinal);
    }

    [Fact]
    public void a_host_without_routes_refuses_to_start()
    {
        var result = new ProcessorHostOptionsValidator(Routes()).Validate(null, Bind());

        Assert.Contains("ChangeFeed__Routes__<name>__* is required", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void the_required_app_settings_are_named_as_the_function_app_names_them()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("COSMOS:accountEndpoint", "https://x.documents.azure.com/")]).Build();

        var relay = new RelayAppSettingsValidator(configuration).Validate(null, new RelayAppSettings());
        var processors = new RequiredSettingsValidator(configuration).Validate(null, new ProcessorHostOptions());

        var failures = string.Join("\n", relay.Failures!.Concat(processors.Failures!));
        Assert.DoesNotContain("COSMOS__accountEndpoint or COSMOS is required", failures, StringComparison.Ordinal);
        Assert.Contains("SERVICEBUS__fullyQualifiedNamespace or SERVICEBUS is required", failures, StringComparison.Ordinal);
        Assert.Contains("COSMOS_DATABASE is required", failures, StringComparison.Ordinal);
        Assert.Contains("COSMOS_LEASES_CONTAINER is required", failures, StringComparison.Ordinal);
    }

    [Fact]
    public void partitioned_topics_that_are_not_topic_names_stop_the_relay_by_the_setting_s_name()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
        [
            new("COSMOS", "AccountEndpoint=https://x.documents.azure.com/;AccountKey=a2V5;"), new("SERVICEBUS", "Endpoint=sb://x/;SharedAccessKeyName=k;SharedAccessKey=a2V5;"),
            new("COSMOS_DATABASE", "changefeed"), new("SERVICEBUS_PARTITIONED_TOPICS", "orders-cdc,orders events"),
        ]).Build();

        var relay = new RelayAppSettingsValidator(configuration).Validate(null, new RelayAppSettings());

        Assert.StartsWith("SERVICEBUS_PARTITIONED_TOPICS names 'orders events', which is not a Service Bus topic name", Assert.Single(relay.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void values_that_are_not_of_their_type_are_each_named_with_an_example()
    {
        var options = Bind(("Host:PollInterval", "fast"), ("Host:MaxItemsPerBatch", "lots"), ("Host:Mode", "AllVersionsAndDeletes"));

        var failures = string.Join("\n", new ProcessorHostOptionsValidator(Routes("orders")).Validate(null, options).Failures!);

        Assert.Contains("Host:PollInterval 'fast' is not a time span ([d.]hh:mm:ss): expected e.g. 00:00:05 (the default).", failures, StringComparison.Ordinal);
        Assert.Contains("Host:MaxItemsPerBatch 'lots' is not a whole number: expected e.g. 100 (the default).", failures, StringComparison.Ordinal);
        Assert.Equal(ProcessorMode.AllVersionsAndDeletes, options.ParsedMode);
    }
}
